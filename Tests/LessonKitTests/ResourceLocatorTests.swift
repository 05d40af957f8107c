import Foundation
import Testing
@testable import LessonKit

@Suite struct ResourceLocatorTests {
    @Test func searchOrder() {
        let loc = ResourceLocator(currentDirectory: "/home/u/proj/sub", executablePath: "/opt/lectern/bin/lectern",
                                  environment: [:])
        let places = loc.candidates("Lessons", explicit: nil, variable: "LECTERN_LESSONS")
        #expect(Array(places.prefix(4)) == ["/home/u/proj/sub/Lessons", "/home/u/proj/Lessons", "/home/u/Lessons", "/home/Lessons"])
        #expect(places.contains("/opt/lectern/bin/Lessons"))
        #expect(places.last == "/opt/lectern/share/lectern/Lessons")
    }

    @Test func explicitAndEnvironmentWin() {
        let loc = ResourceLocator(currentDirectory: "/w", executablePath: "/x/lectern", environment: ["LECTERN_LESSONS": "/env/L"])
        #expect(loc.candidates("Lessons", explicit: "rel/L", variable: "LECTERN_LESSONS") == ["/w/rel/L"])
        #expect(loc.candidates("Lessons", explicit: nil, variable: "LECTERN_LESSONS") == ["/env/L"])
    }

    @Test func notFoundNamesEveryPlace() {
        let loc = ResourceLocator(currentDirectory: "/nonexistent-a/b", executablePath: "/nonexistent-c/lectern", environment: [:])
        #expect(throws: ResourceLocator.NotFound.self) { try loc.lessons(explicit: nil) }
        do {
            _ = try loc.lessons(explicit: "/nonexistent-z")
        } catch {
            #expect(error.description.contains("/nonexistent-z"))
            #expect(error.searched == ["/nonexistent-z"])
        }
    }
}
