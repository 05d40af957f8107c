import LabKit
import Foundation
import Testing
@testable import LessonKit

@Suite struct LessonLibraryTests {
    func makeTree(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-lib-\(UUID().uuidString)").path
        for (rel, text) in files {
            let path = (root as NSString).appendingPathComponent(rel)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func loadsSortsAndReportsPerFile() throws {
        let root = try makeTree([
            "en/10-later.md": "---\nid: later\ntitle: Later\norder: 10\n---\nx\n",
            "en/02-early.md": "---\nid: early\ntitle: Early\norder: 2\n---\n```\nopen\n",
            "en/03-dup.md": "---\nid: early\ntitle: Dup\norder: 3\n---\n",
            "zh/01-a.md": "---\nid: a\ntitle: 甲\norder: 1\n---\n",
            "en/notes.txt": "ignored",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lib = LessonLibrary.load(from: root, labs: .standard)
        #expect(lib.lessons(in: "en").map(\.meta.id) == ["early", "early", "later"])
        #expect(lib.lessons(in: "zh").map(\.meta.title) == ["甲"])
        let messages = lib.diagnostics.map(\.description)
        #expect(messages.contains { $0.hasSuffix("02-early.md:6: unclosed code fence: add a line '```' to end the block opened here") })
        #expect(messages.contains { $0.contains("duplicate id 'early'") })
    }

    @Test func missingLanguageFolderIsAFolderDiagnostic() throws {
        let root = try makeTree(["en/01-a.md": "---\nid: a\ntitle: A\norder: 1\n---\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lib = LessonLibrary.load(from: root, labs: .standard)
        // The missing folder, and (so) the missing zh twin of lesson a.
        #expect(lib.folderDiagnostics.map(\.message) == ["no lesson folder for language 'zh'", "lesson 'a' has no zh twin"])
    }

    @Test func shippedLessonsAreClean() throws {
        // The repository's own lessons must pass `lectern lessons check`.
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lib = LessonLibrary.load(from: here.appendingPathComponent("Lessons").path, labs: .standard)
        #expect(lib.diagnostics.map(\.description) == [])
        #expect(lib.lessons(in: "zh").map(\.meta.id) == lib.lessons(in: "en").map(\.meta.id))
        #expect(lib.lessons(in: "en").count >= 2)
    }
}
