import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// GET / (the page), /app.js, /app.css and /api/openapi.json: all of it
    /// compiled into kg, nothing loaded from elsewhere.
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ -> Response in
            APIResponse.text(IndexPage.html, contentType: "text/html; charset=utf-8")
        }
        router.get("/app.js") { _, _ -> Response in
            APIResponse.text(PageScript.javascript, contentType: "text/javascript; charset=utf-8")
        }
        router.get("/app.css") { _, _ -> Response in
            APIResponse.text(Stylesheet.css, contentType: "text/css; charset=utf-8")
        }
        router.get("/api/openapi.json") { _, _ -> Response in
            APIResponse.text(OpenAPIDocument.json, contentType: "application/json; charset=utf-8")
        }
    }
}
