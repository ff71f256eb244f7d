import Foundation

/// Finds a module's copied resource folder without `Bundle.module`, whose accessor stops the process when
/// the bundle is missing (beside a binary installed without it): the bundle next to the running binary
/// first, then the package sources the binary was built from. Nil when neither is there.
public enum BundledResources {
    /// The folder `name` of `module`'s resources; `sources` is the module's source folder (from `#filePath`).
    public static func folder(_ name: String, module: String, sources: URL) -> URL? {
        let manager = FileManager.default
        var places: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() { places.append(executable.deletingLastPathComponent()) }
        places += [Bundle.main.resourceURL, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()].compactMap { $0 }
        for place in places {
            let entries = (try? manager.contentsOfDirectory(atPath: place.path)) ?? []
            // This package's own name first: a build folder can hold stale bundles of an earlier name.
            let bundles = entries.filter { isBundle($0, of: module) }.sorted {
                ($0.hasPrefix("agent-contract_") ? 0 : 1, $0) < ($1.hasPrefix("agent-contract_") ? 0 : 1, $1)
            }
            for entry in bundles {
                if let url = Bundle(url: place.appendingPathComponent(entry))?.url(forResource: name, withExtension: nil) { return url }
            }
        }
        let source = sources.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        return manager.fileExists(atPath: source.path, isDirectory: &isDirectory) && isDirectory.boolValue ? source : nil
    }

    private static func isBundle(_ entry: String, of module: String) -> Bool {
        entry.hasSuffix("_\(module).resources") || entry.hasSuffix("_\(module).bundle")
    }
}
