import BundledResources
import Foundation

/// The agent API suite that ships inside the package, so the CLI and the test helpers work from
/// any folder and a consumer needs no copy of this repository.
public enum BuiltInSuite {
    /// The bundled `fixtures` folder; nil when the binary was installed without its resource bundle.
    public static var fixtures: URL? { folder("fixtures") }
    /// The bundled `contracts` folder.
    public static var contracts: URL? { folder("contracts") }

    private static func folder(_ name: String) -> URL? {
        BundledResources.folder(name, module: "ContractSuite", sources: URL(fileURLWithPath: #filePath).deletingLastPathComponent())
    }
}
