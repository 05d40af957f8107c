/// One JSON object printed on one line, keys in the order given.
///
/// Numbers print in Swift's shortest round-trip form; NaN and infinities (which JSON cannot hold) print as null.
struct JSONLine: CustomStringConvertible {
    enum Value {
        case number(Double)
        case int(Int)
        case string(String)
        case bool(Bool)
        case null
        case array([Value])
        /// A nested object, keys in order.
        indirect case object(JSONLine)
    }

    private var fields: [(String, Value)] = []

    init(_ fields: [(String, Value)] = []) { self.fields = fields }

    subscript(key: String) -> Value? {
        get { fields.first { $0.0 == key }?.1 }
        set {
            if let i = fields.firstIndex(where: { $0.0 == key }) {
                if let newValue { fields[i].1 = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    var description: String {
        "{" + fields.map { "\(Self.quote($0.0)):\(Self.encode($0.1))" }.joined(separator: ",") + "}"
    }

    static func encode(_ v: Value) -> String {
        switch v {
        case .number(let d): return d.isFinite ? "\(d)" : "null"
        case .int(let i): return "\(i)"
        case .string(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let xs): return "[" + xs.map(encode).joined(separator: ",") + "]"
        case .object(let o): return o.description
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

extension JSONLine.Value {
    static func numbers(_ xs: [Double]) -> Self { .array(xs.map { .number($0) }) }
    static func ints(_ xs: [Int]) -> Self { .array(xs.map { .int($0) }) }
}

import Foundation
