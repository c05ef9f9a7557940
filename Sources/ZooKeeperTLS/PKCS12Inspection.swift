/// A look into a PKCS#12 file without decrypting it, to keep it away from swift-nio-ssl when it holds no
/// private key (swift-nio-ssl 2.37 stops the process with `fatalError` on such a file, e.g. a Java trust store).
///
/// OpenSSL's and keytool's stores keep each key in its own (shrouded) bag inside unencrypted content, so the
/// bag's object identifier is visible in the DER bytes; only the certificates are in encrypted content.
enum PKCS12Inspection {
    /// DER of OID 1.2.840.113549.1.12.10.1 (the PKCS#12 bag types), without the last arc.
    private static let bagTypePrefix: [UInt8] = [
        0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01,
    ]

    /// Whether a keyBag (…10.1.1) or pkcs8ShroudedKeyBag (…10.1.2) appears in the file.
    static func mayHoldPrivateKey(_ bytes: [UInt8]) -> Bool {
        let prefix = bagTypePrefix
        guard bytes.count > prefix.count else { return false }
        var index = 0
        while index + prefix.count < bytes.count {
            if bytes[index] == prefix[0], bytes[index..<(index + prefix.count)].elementsEqual(prefix) {
                let arc = bytes[index + prefix.count]
                if arc == 1 || arc == 2 { return true }
            }
            index += 1
        }
        return false
    }
}
