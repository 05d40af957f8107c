import Foundation
import Testing
@testable import lectern

/// JSONLine: one JSON object per line, keys in the order given. Every line built here is also parsed back
/// with Foundation's JSONSerialization, so "valid JSON" is checked by a parser that is not ours.
@Suite struct JSONLineTests {
    /// Parses `line` as one JSON object, failing the test when it is not one.
    static func parse(_ line: JSONLine, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let text = line.description
        #expect(!text.contains("\n"), "a JSON line must stay on one line", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    /// The string a JSON parser reads back from `s` written as a value.
    static func roundTrip(_ s: String) throws -> String? {
        try parse(JSONLine([("s", .string(s))]))["s"] as? String
    }

    @Test func keysKeepTheirOrder() throws {
        let line = JSONLine([("zeta", .int(1)), ("alpha", .int(2)), ("mid", .int(3))])
        #expect(line.description == #"{"zeta":1,"alpha":2,"mid":3}"#)
        #expect(JSONLine().description == "{}")
        #expect(try Self.parse(line).count == 3)
    }

    @Test func subscriptSetsReplacesAndRemoves() throws {
        var line = JSONLine([("a", .int(1)), ("b", .int(2))])
        line["c"] = .bool(true)                       // a new key goes last
        #expect(line.description == #"{"a":1,"b":2,"c":true}"#)
        line["a"] = .string("one")                    // a replaced key keeps its place
        #expect(line.description == #"{"a":"one","b":2,"c":true}"#)
        line["b"] = nil                               // nil removes
        #expect(line.description == #"{"a":"one","c":true}"#)
        line["absent"] = nil                          // removing a missing key changes nothing
        #expect(line.description == #"{"a":"one","c":true}"#)
        if case .string(let s)? = line["a"] { #expect(s == "one") } else { Issue.record("line[\"a\"] is \(String(describing: line["a"]))") }
        #expect(line["b"] == nil)
        let parsed = try Self.parse(line)
        #expect(parsed["a"] as? String == "one" && parsed["c"] as? Bool == true && parsed["b"] == nil)
    }

    @Test func stringsAreEscaped() throws {
        #expect(JSONLine.quote(#"say "hi""#) == #""say \"hi\"""#)
        #expect(JSONLine.quote(#"C:\dir\"#) == #""C:\\dir\\""#)
        #expect(JSONLine.quote("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONLine.quote("\r\n") == #""\r\n""#)                    // one Character, two scalars
        #expect(JSONLine.quote("\u{0}\u{1}\u{8}\u{C}\u{1F}") == #""\u0000\u0001\u0008\u000c\u001f""#)
        #expect(JSONLine.quote("\u{7F}") == "\"\u{7F}\"")                 // DEL needs no escape in JSON
        #expect(JSONLine.quote("词向量") == "\"词向量\"")
        #expect(JSONLine.quote("😀👍🏽") == "\"😀👍🏽\"")
        #expect(JSONLine.quote("") == #""""#)
        // Keys go through the same quoting.
        #expect(JSONLine([("a\"b", .null)]).description == #"{"a\"b":null}"#)
    }

    @Test(arguments: [
        #"say "hi""#, #"C:\dir\"#, "line one\nline two", "\r\n\t", "\u{0}\u{1}\u{1B}[1m\u{1F}\u{7F}",
        "词向量 (word vectors)", "emoji 😀👍🏽 and flags 🇫🇷", "é vs e\u{301}", "/slash/ and \u{2028}",
    ])
    func stringsParseBackToThemselves(_ s: String) throws {
        #expect(try Self.roundTrip(s) == s)
    }

    @Test func nonFiniteNumbersAreNull() throws {
        let line = JSONLine([("nan", .number(.nan)), ("inf", .number(.infinity)), ("ninf", .number(-.infinity))])
        #expect(line.description == #"{"nan":null,"inf":null,"ninf":null}"#)
        let parsed = try Self.parse(line)
        #expect(parsed["nan"] is NSNull && parsed["inf"] is NSNull && parsed["ninf"] is NSNull)
    }

    @Test func numbersUseTheShortestRoundTripForm() {
        #expect(JSONLine.encode(.number(0.1)) == "0.1")
        #expect(JSONLine.encode(.number(1e-7)) == "1e-07")
        #expect(JSONLine.encode(.number(2.5)) == "2.5")
        #expect(JSONLine.encode(.number(5)) == "5.0")
        #expect(JSONLine.encode(.number(-0.0)) == "-0.0")
        #expect(JSONLine.encode(.number(123_456_789.125)) == "123456789.125")
        #expect(JSONLine.encode(.number(1e16)) == "1e+16")
        #expect(JSONLine.encode(.number(6.02214076e23)) == "6.02214076e+23")
        #expect(JSONLine.encode(.number(.greatestFiniteMagnitude)) == "1.7976931348623157e+308")
        #expect(JSONLine.encode(.number(0.1 + 0.2)) == "0.30000000000000004")
    }

    struct OneNumber: Decodable { var x: Double }

    /// The printed number reads back as the same Double. Exactness is checked with JSONDecoder:
    /// JSONSerialization (swift-corelibs-foundation, Swift 6.3.1 on Linux) reads some 17-digit numbers one ulp
    /// off — "0.30000000000000004" as 0.30000000000000010 — so it only checks that the line is valid JSON
    /// and the value close.
    @Test(arguments: [0.1, 1e-7, 2.5, 5, -0.5, 123_456_789.125, 1e16, 6.02214076e23, 1e300, -1e-300,
                      .greatestFiniteMagnitude, 0.1 + 0.2, 1.0000000000000002, Double.pi, 1.0 / 3,
                      .leastNormalMagnitude, .leastNonzeroMagnitude])
    func numbersParseBackExactly(_ x: Double) throws {
        let line = JSONLine([("x", .number(x))])
        let decoded = try JSONDecoder().decode(OneNumber.self, from: Data(line.description.utf8)).x
        #expect(decoded.bitPattern == x.bitPattern, "\(x) came back as \(decoded)")
        let parsed = try #require(try Self.parse(line)["x"] as? NSNumber).doubleValue
        #expect(abs(parsed - x) <= 2 * x.ulp)
    }

    @Test func intsAndBools() throws {
        let line = JSONLine([("zero", .int(0)), ("neg", .int(-42)), ("max", .int(.max)), ("min", .int(.min)),
                             ("yes", .bool(true)), ("no", .bool(false)), ("none", .null)])
        #expect(line.description
            == #"{"zero":0,"neg":-42,"max":9223372036854775807,"min":-9223372036854775808,"yes":true,"no":false,"none":null}"#)
        let parsed = try Self.parse(line)
        #expect((parsed["neg"] as? NSNumber)?.int64Value == -42)
        #expect((parsed["max"] as? NSNumber)?.int64Value == .max)
        #expect((parsed["min"] as? NSNumber)?.int64Value == .min)
        #expect(parsed["yes"] as? Bool == true && parsed["no"] as? Bool == false)
        #expect(parsed["none"] is NSNull)
    }

    @Test func nestedArrays() throws {
        let value = JSONLine.Value.array([.int(1), .array([.number(0.5), .null, .array([])]), .string("x"), .bool(false)])
        let line = JSONLine([("a", value), ("theta", .numbers([0.25, .nan])), ("sizes", .ints([784, 64, 10]))])
        #expect(line.description == #"{"a":[1,[0.5,null,[]],"x",false],"theta":[0.25,null],"sizes":[784,64,10]}"#)
        let parsed = try Self.parse(line)
        let a = try #require(parsed["a"] as? [Any])
        #expect(a.count == 4 && (a[1] as? [Any])?.count == 3 && a[2] as? String == "x")
        #expect((parsed["sizes"] as? [NSNumber])?.map(\.intValue) == [784, 64, 10])
    }
}
