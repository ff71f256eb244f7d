#include "CEventLoop.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#if defined(__linux__)
#include <sys/epoll.h>
#include <sys/eventfd.h>

int cel_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cel_watch(int poller, int fd, int want_read, int want_write, int already_registered) {
    struct epoll_event event;
    memset(&event, 0, sizeof(event));
    event.events = (want_read ? EPOLLIN : 0) | (want_write ? EPOLLOUT : 0) | EPOLLRDHUP;
    event.data.fd = fd;
    return epoll_ctl(poller, already_registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}

int cel_unwatch(int poller, int fd) {
    struct epoll_event event;
    memset(&event, 0, sizeof(event));
    return epoll_ctl(poller, EPOLL_CTL_DEL, fd, &event);
}

int cel_wait(int poller, cel_event *events, int capacity, int timeout_ms) {
    struct epoll_event raw[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(poller, raw, capacity, timeout_ms);
    for (int i = 0; i < count; i++) {
        events[i].fd = raw[i].data.fd;
        events[i].readable = (raw[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
        events[i].writable = (raw[i].events & (EPOLLOUT | EPOLLERR)) != 0;
        events[i].hangup = (raw[i].events & (EPOLLHUP | EPOLLERR)) != 0;
    }
    return count;
}

int cel_wakeup_pair(int fds[2]) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) return -1;
    fds[0] = fd;
    fds[1] = fd;
    return 0;
}

void cel_wakeup_signal(int write_fd) {
    uint64_t one = 1;
    ssize_t ignored = write(write_fd, &one, sizeof(one));
    (void)ignored;
}

void cel_wakeup_drain(int read_fd) {
    uint64_t value;
    while (read(read_fd, &value, sizeof(value)) > 0) {}
}

#else
#include <poll.h>

/* poll(2) fallback: the interest set lives in a small table indexed by the poller id. */
#define CEL_MAX 4096
static struct { int used; int fd; short events; } table[CEL_MAX];

int cel_create(void) { return 0; }

int cel_watch(int poller, int fd, int want_read, int want_write, int already_registered) {
    (void)poller; (void)already_registered;
    int free_slot = -1;
    for (int i = 0; i < CEL_MAX; i++) {
        if (table[i].used && table[i].fd == fd) { free_slot = i; break; }
        if (!table[i].used && free_slot < 0) free_slot = i;
    }
    if (free_slot < 0) { errno = ENOMEM; return -1; }
    table[free_slot].used = 1;
    table[free_slot].fd = fd;
    table[free_slot].events = (want_read ? POLLIN : 0) | (want_write ? POLLOUT : 0);
    return 0;
}

int cel_unwatch(int poller, int fd) {
    (void)poller;
    for (int i = 0; i < CEL_MAX; i++) if (table[i].used && table[i].fd == fd) table[i].used = 0;
    return 0;
}

int cel_wait(int poller, cel_event *events, int capacity, int timeout_ms) {
    (void)poller;
    static struct pollfd fds[CEL_MAX];
    int n = 0;
    for (int i = 0; i < CEL_MAX; i++) if (table[i].used) { fds[n].fd = table[i].fd; fds[n].events = table[i].events; fds[n].revents = 0; n++; }
    int ready = poll(fds, n, timeout_ms);
    if (ready <= 0) return ready;
    int count = 0;
    for (int i = 0; i < n && count < capacity; i++) {
        if (!fds[i].revents) continue;
        events[count].fd = fds[i].fd;
        events[count].readable = (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
        events[count].writable = (fds[i].revents & (POLLOUT | POLLERR)) != 0;
        events[count].hangup = (fds[i].revents & (POLLHUP | POLLERR)) != 0;
        count++;
    }
    return count;
}

int cel_wakeup_pair(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    return 0;
}

void cel_wakeup_signal(int write_fd) {
    char one = 1;
    ssize_t ignored = write(write_fd, &one, 1);
    (void)ignored;
}

void cel_wakeup_drain(int read_fd) {
    char buffer[64];
    while (read(read_fd, buffer, sizeof(buffer)) > 0) {}
}
#endif

void cel_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }
