import Foundation
import Hummingbird
import KnowledgeGraph

extension KGHTTPServer {
    /// A JSON route's body, read within the memory budget: refused (KGH009,
    /// 415) unless `Content-Type: application/json` (a web page on another
    /// origin cannot send that without the browser asking the server first),
    /// then read as ``bodyText(of:what:)`` does, then its parsing reserved
    /// (``JSONCost``) before the parser runs. The reservation is held until
    /// the answer is made; the caller calls `doneReading()` once parsed.
    /// With `optional`, a request without a body (a named query without
    /// parameters: nothing a page could choose) is taken as an empty body,
    /// whatever its Content-Type.
    func jsonBody(of request: Request, what: String, optional: Bool = false) async throws(KGError)
        -> (text: String, reservation: RequestAdmission.Reservation) {
        let mediaType = request.headers[.contentType].map { type in
            type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        if optional, request.headers[.contentLength].flatMap({ Int($0) }) ?? 0 == 0, request.headers[.transferEncoding] == nil {
            return ("", try await admission.reserve(0, what: what))
        }
        guard mediaType == "application/json" else {
            throw KGError(.unsupportedMediaType, "\(what) takes a JSON body with Content-Type: application/json, not "
                          + (mediaType.map { "'\(String($0.prefix(100)))'" } ?? "no Content-Type"),
                          suggestion: "send the header Content-Type: application/json")
        }
        let (text, reservation) = try await bodyText(of: request, what: what)
        try await reservation.grow(to: JSONCost.estimate(text.utf8), what: what)
        return (text, reservation)
    }

    /// The request body as UTF-8 text, refused (KGH002, 413) past the size
    /// limit before more of it is read, and (KGH003, 400) when not UTF-8.
    /// Its bytes are reserved in the memory budget before they are read
    /// (the declared Content-Length at once, a chunked body as it comes).
    func bodyText(of request: Request, what: String) async throws(KGError) -> (text: String, reservation: RequestAdmission.Reservation) {
        let limit = configuration.limits.maxBodyBytes
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > limit {
            throw Self.tooLarge(declared, limit: limit)
        }
        let reservation = try await admission.reserve(declared ?? 0, what: what)
        var buffer = ByteBuffer()
        do {
            for try await chunk in request.body {
                let total = buffer.readableBytes + chunk.readableBytes
                guard total <= limit else { throw Self.tooLarge(nil, limit: limit) }
                if total > reservation.size { try await reservation.grow(to: min(max(total, 2 * reservation.size), limit), what: what) }
                var chunk = chunk
                buffer.writeBuffer(&chunk)
            }
        } catch let error as KGError {
            throw error
        } catch {
            throw KGError(.invalidRequest, "the request body could not be read")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw KGError(.invalidEncoding, "the request body is not valid UTF-8")
        }
        return (text, reservation)
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
