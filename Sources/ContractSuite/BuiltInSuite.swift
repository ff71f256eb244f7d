import Foundation

/// The agent API suite that ships inside the package, so the CLI and the test helpers work from
/// any folder and a consumer needs no copy of this repository.
public enum BuiltInSuite {
    /// The bundled `fixtures` folder.
    public static var fixtures: URL? { Bundle.module.url(forResource: "fixtures", withExtension: nil) }
    /// The bundled `contracts` folder.
    public static var contracts: URL? { Bundle.module.url(forResource: "contracts", withExtension: nil) }
}
