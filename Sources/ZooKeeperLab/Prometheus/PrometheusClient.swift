import Foundation

/// One alert as Prometheus's `/api/v1/alerts` lists it (pending or firing).
public struct PrometheusAlert: Hashable, Sendable {
    /// The rule's name (`labels["alertname"]`).
    public var name: String
    /// `pending` (condition true, `for:` not yet over) or `firing`.
    public var state: String
    /// Every label, `alertname` included.
    public var labels: [String: String]
    /// The rendered annotations (summary, description, remedy).
    public var annotations: [String: String]
}

/// One sample of an instant query's vector result.
public struct PrometheusSample: Hashable, Sendable {
    /// The series' labels (`__name__` included when the query keeps it).
    public var labels: [String: String]
    /// The value at the query time.
    public var value: Double
}

/// A client for the parts of Prometheus's HTTP API the lab reads: instant queries and active alerts.
public struct PrometheusClient: Sendable {
    /// The API's host.
    public var host: String
    /// The API's port.
    public var port: Int

    /// A client for `host:port`.
    public init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// `GET /api/v1/query?query=…`: the vector an instant query returns now.
    public func query(_ promql: String) async throws -> [PrometheusSample] {
        let data = try await apiData(path: "/api/v1/query?query=" + Self.percentEncoded(promql))
        guard let object = data as? [String: Any], let result = object["result"] as? [[String: Any]] else {
            throw LabError("query \(promql): the result is not a vector")
        }
        return result.compactMap { entry in
            guard let metric = entry["metric"] as? [String: String], let pair = entry["value"] as? [Any],
                pair.count == 2, let text = pair[1] as? String, let value = Double(text)
            else { return nil }
            return PrometheusSample(labels: metric, value: value)
        }
    }

    /// `GET /api/v1/alerts`: every pending and firing alert.
    public func alerts() async throws -> [PrometheusAlert] {
        let data = try await apiData(path: "/api/v1/alerts")
        guard let object = data as? [String: Any], let list = object["alerts"] as? [[String: Any]] else {
            throw LabError("/api/v1/alerts: no alert list")
        }
        return list.map { entry in
            let labels = entry["labels"] as? [String: String] ?? [:]
            return PrometheusAlert(
                name: labels["alertname"] ?? "", state: entry["state"] as? String ?? "", labels: labels,
                annotations: entry["annotations"] as? [String: String] ?? [:])
        }
    }

    /// The `data` member of an API reply whose `status` is `success`.
    private func apiData(path: String) async throws -> Any {
        let response = try await LabHTTPClient.get(host: host, port: port, path: path)
        guard
            let json = try? JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        else {
            throw LabError("GET \(path): HTTP \(response.status), not JSON: \(response.body.prefix(200))")
        }
        guard response.status == 200, json["status"] as? String == "success", let data = json["data"] else {
            throw LabError("GET \(path): HTTP \(response.status), \(json["error"] as? String ?? "no data")")
        }
        return data
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (a query holds `{`, `"`, `=`, `+`).
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(Character(UnicodeScalar(byte)))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
