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

    /// Read once; a page missing from the bundle is a packaging fault, answered with a 500.
    private static let bodies: [DocsPages: [UInt8]] = Dictionary(
        uniqueKeysWithValues: allCases.compactMap { page in
            guard let url = Bundle.module.url(forResource: page.rawValue, withExtension: "html", subdirectory: "DocsPages"),
                let data = try? Data(contentsOf: url)
            else { return nil }
            return (page, Array(data))
        })
}
