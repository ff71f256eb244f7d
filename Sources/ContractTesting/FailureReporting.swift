import Foundation
import Testing
import XCTest

/// One bridge to whichever test library is running: a Swift Testing `Issue` inside a `@Test`,
/// `XCTFail` inside an XCTestCase.
public enum ContractFailure {
    /// Reports `message` at the caller, or for Swift Testing at `fixture` (a file and line) when given.
    public static func report(
        _ message: String, fileID: String = #fileID, file: StaticString = #filePath,
        line: UInt = #line, column: Int = #column, fixture: (path: String, line: Int)? = nil
    ) {
        if Test.current != nil {
            let location =
                fixture.map { fixture in
                    SourceLocation(
                        fileID: "fixtures/" + (fixture.path as NSString).lastPathComponent, filePath: fixture.path,
                        line: max(1, fixture.line), column: 1)
                } ?? SourceLocation(fileID: fileID, filePath: "\(file)", line: Int(line), column: max(1, column))
            Issue.record(Comment(rawValue: message), sourceLocation: location)
        } else {
            XCTFail(message, file: file, line: line)
        }
    }
}
