import NIOCore
import NIOPosix
import ZooKeeperAdmin

/// A one-shot HTTP/1.1 GET on loopback for the lab's own servers (Prometheus, exposition targets).
///
/// NIO, like the AdminServer client, rather than URLSession (FoundationNetworking drags libcurl in): one
/// request per connection (`Connection: close`), read to EOF under one deadline, the reply parsed by the
/// AdminServer client's HTTP parser (status, headers, `Content-Length` or chunked bodies).
public enum LabHTTPClient {
    /// Why a GET produced no response.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong, with the address.
        public var description: String
    }

    /// Largest reply read: Prometheus API answers in the lab are kilobytes.
    static let responseLimit = 16 * 1024 * 1024

    /// GETs `path` (already percent-encoded) from `host:port` within `timeout`.
    public static func get(
        host: String = "127.0.0.1", port: Int, path: String, timeout: Duration = .seconds(5)
    ) async throws(Failure) -> AdminHTTPResponse {
        let request =
            "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAccept: */*\r\nUser-Agent: zkscope-lab\r\n"
            + "Connection: close\r\n\r\n"
        let bytes: [UInt8]
        do {
            bytes = try await exchange(request, host: host, port: port, timeout: timeout)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "GET http://\(host):\(port)\(path): \(error)")
        }
        do {
            return try AdminHTTPResponse.parse(bytes)
        } catch {
            throw Failure(description: "GET http://\(host):\(port)\(path): \(error.description)")
        }
    }

    private static func exchange(_ request: String, host: String, port: Int, timeout: Duration) async throws
        -> [UInt8]
    {
        let milliseconds = Int64(max(1, timeout / .milliseconds(1)))
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(milliseconds))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // One deadline for write and read: closing the channel ends the inbound stream.
        let underlying = channel.channel
        let deadline = underlying.eventLoop.scheduleTask(in: .milliseconds(milliseconds)) {
            underlying.close(promise: nil)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let received: [UInt8] = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var bytes: [UInt8] = []
            for try await chunk in inbound {
                bytes.append(contentsOf: chunk.readableBytesView)
                if bytes.count > responseLimit {
                    throw Failure(description: "reply from \(host):\(port) larger than \(responseLimit) bytes")
                }
            }
            return bytes
        }
        deadline.cancel()
        if clock.now - started >= timeout, received.isEmpty {
            throw Failure(description: "no answer from \(host):\(port) within \(timeout)")
        }
        return received
    }
}
