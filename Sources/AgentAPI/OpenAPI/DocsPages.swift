import BundledResources
import Foundation
import HTTPCore

/// The HTML pages FastAPI 0.121.3 serves for an app titled "Agent API": Swagger UI at `/docs`, its OAuth2
/// redirect page and ReDoc, byte for byte (they are FastAPI's output, kept in `DocsPages/`).
enum DocsPages: String, CaseIterable {
    case swaggerUI = "swagger-ui"
    case oauth2Redirect = "oauth2-redirect"
    case redoc

    /// The page as Starlette's HTMLResponse sends it.
    var response: HTTPResponse {
        guard let body = Self.bodies[self] else { return ResponseBuilder.internalServerError() }
        return HTTPResponse(
            status: 200, headers: ["content-length": String(body.count), "content-type": "text/html; charset=utf-8"], body: body)
    }

    /// The copied `DocsPages` folder (this file is in `Sources/AgentAPI/OpenAPI`).
    private static let pagesFolder = BundledResources.folder(
        "DocsPages", module: "AgentAPI", sources: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent())

    /// Read once; a page missing from the bundle is a packaging fault, answered with a 500.
    private static let bodies: [DocsPages: [UInt8]] = Dictionary(
        uniqueKeysWithValues: allCases.compactMap { page in
            guard let folder = pagesFolder, let data = try? Data(contentsOf: folder.appendingPathComponent(page.rawValue + ".html"))
            else { return nil }
            return (page, Array(data))
        })
}
