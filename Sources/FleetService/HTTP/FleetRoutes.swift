import CommandOutput
import Foundation
import Hummingbird

/// The HTTP endpoints: `/metrics`, `/api/v1/ensembles`, `/api/v1/events?since=&ensemble=&limit=`, `/healthz`.
/// Every handler reads the store's latest state; none starts a poll.
public enum FleetRoutes {
    /// A router serving `store`.
    public static func router(store: FleetStore) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            let body = MetricsExposition.render(store.state)
            return Response(
                status: .ok, headers: [.contentType: MetricsExposition.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/healthz") { _, _ -> Response in
            text("ok\n")
        }
        router.get("/api/v1/ensembles") { _, _ -> Response in
            json(ensemblesDocument(store.state))
        }
        router.get("/api/v1/events") { request, _ -> Response in
            let query = request.uri.queryParameters
            var since = 0.0
            if let raw = query["since"] {
                guard let value = Double(String(raw)), value.isFinite else {
                    return text("since must be Unix seconds, e.g. since=1767225600\n", status: .badRequest)
                }
                since = value
            }
            var limit = 1000
            if let raw = query["limit"] {
                guard let value = Int(String(raw)), value > 0 else {
                    return text("limit must be a positive integer\n", status: .badRequest)
                }
                limit = min(value, 10_000)
            }
            let ensemble = query["ensemble"].map(String.init)
            do {
                return json(eventsDocument(try store.events(since: since, ensemble: ensemble, limit: limit)))
            } catch {
                return text("the timeline cannot be read: \(error)\n", status: .internalServerError)
            }
        }
        return router
    }

    /// `{"ensembles": {"NAME": <check --json document>, ...}}`, names sorted; an ensemble not polled yet is null.
    public static func ensemblesDocument(_ state: FleetState) -> String {
        var entries: [String] = []
        for ensemble in state.ensembles.sorted(by: { $0.name < $1.name }) {
            let document = state.readings[ensemble.name].flatMap { try? CheckJSON.render($0.report) } ?? "null"
            entries.append("    \(jsonString(ensemble.name)): \(document.replacing("\n", with: "\n    "))")
        }
        guard !entries.isEmpty else { return "{\n  \"ensembles\": {}\n}\n" }
        return "{\n  \"ensembles\": {\n" + entries.joined(separator: ",\n") + "\n  }\n}\n"
    }

    /// `{"events": [...]}`, oldest first.
    public static func eventsDocument(_ events: [FleetEvent]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lines = events.compactMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        guard !lines.isEmpty else { return "{\"events\": []}\n" }
        return "{\"events\": [\n" + lines.joined(separator: ",\n") + "\n]}\n"
    }

    private static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    private static func json(_ body: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
