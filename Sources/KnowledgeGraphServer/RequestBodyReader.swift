import Foundation
import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// The request body as UTF-8 text, refused (KGH002, 413) past the size
    /// limit before more of it is read, and (KGH003, 400) when not UTF-8.
    func bodyText(of request: Request) async throws(KGError) -> String {
        let limit = configuration.limits.maxBodyBytes
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw Self.tooLarge(declared, limit: limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(nil, limit: limit)
        } catch {
            throw KGError(.invalidRequest, "the request body could not be read: \(error)")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw KGError(.invalidEncoding, "the request body is not valid UTF-8")
        }
        return text
    }

    private static func tooLarge(_ size: Int?, limit: Int) -> KGError {
        KGError(.requestTooLarge, "the request body" + (size.map { " (\($0) bytes)" } ?? "") + " is larger than the limit of \(limit) bytes",
                suggestion: "send less, or start the server with a larger --max-body")
    }
}

extension Request {
    /// A URL query parameter, percent-decoded.
    func queryParameter(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init)
    }

    /// A path parameter (`:name`), percent-decoded.
    func pathParameter(_ name: String, in context: some RequestContext) throws(KGError) -> String {
        guard let raw = context.parameters.get(name) else {
            throw KGError(.invalidRequest, "the path has no \(name)")
        }
        guard let decoded = raw.removingPercentEncoding else {
            throw KGError(.invalidRequest, "the path part '\(raw)' is not valid percent-encoded UTF-8")
        }
        return decoded
    }
}
