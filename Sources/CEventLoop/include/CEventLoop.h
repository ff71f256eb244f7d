#ifndef CEVENTLOOP_H
#define CEVENTLOOP_H

#include <stdint.h>

/// A tiny, portable face on the kernel's readiness API: epoll on Linux, poll(2) elsewhere.
/// Swift cannot see epoll through Glibc, hence this shim.

/// Creates a poller; returns a descriptor, or -1 with errno set.
int cel_create(void);
/// Registers `fd` (or changes its interest): `want_read`/`want_write` are 0 or 1. Returns 0 or -1.
int cel_watch(int poller, int fd, int want_read, int want_write, int already_registered);
/// Forgets `fd`. Returns 0 or -1.
int cel_unwatch(int poller, int fd);

typedef struct {
    int fd;
    int readable;
    int writable;
    int hangup;
} cel_event;

/// Waits up to `timeout_ms` (-1: forever) and fills at most `capacity` events. Returns the count,
/// 0 on timeout, or -1 with errno set (EINTR included: callers retry).
int cel_wait(int poller, cel_event *events, int capacity, int timeout_ms);

/// A wake-up channel for other threads: returns a descriptor pair in fds[0] (read) and fds[1] (write).
int cel_wakeup_pair(int fds[2]);
/// Signals the wake-up channel (never blocks).
void cel_wakeup_signal(int write_fd);
/// Drains the wake-up channel.
void cel_wakeup_drain(int read_fd);

/// Ignores SIGPIPE for the process, so a peer that went away is an EPIPE, not a crash.
void cel_ignore_sigpipe(void);

#endif
