import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Grading a typed answer: choice letters, numbers with their tolerance, decimal commas, and the problems worded.

extension CourseTests {
    @Suite struct QuizGraderTypedTests {
        func grade(_ quiz: Quiz, _ typed: String) -> Result<QuizGrader.Verdict, GradeProblem> {
            QuizGrader.grade(quiz, typed: typed)
        }

        func number(_ answer: Double, tolerance: Double) -> Quiz {
            Quiz(question: "?", choices: [], answer: .number(answer, tolerance: tolerance), explanation: "")
        }

        @Test func choiceRightWrongAndRecordedLowercase() {
            #expect(grade(choiceQuizEN, "b") == .success(.init(correct: true, given: "b")))
            #expect(grade(choiceQuizEN, "B") == .success(.init(correct: true, given: "b")))
            #expect(grade(choiceQuizEN, "  b ") == .success(.init(correct: true, given: "b")))
            #expect(grade(choiceQuizEN, "a") == .success(.init(correct: false, given: "a")))
            #expect(grade(choiceQuizEN, "c") == .success(.init(correct: false, given: "c")))
        }

        @Test(arguments: ["d", "z", "", " ", "ab", "1", "é", "?", "b)"])
        func choiceOutOfRangeOrNotALetter(typed: String) {
            #expect(grade(choiceQuizEN, typed) == .failure(.notAChoice(count: 3)))
        }

        @Test func numberRightAndWrong() {
            #expect(grade(numberQuizEN, "0.25") == .success(.init(correct: true, given: "0.25")))
            #expect(grade(numberQuizEN, " .25 ") == .success(.init(correct: true, given: ".25")))
            #expect(grade(numberQuizEN, "2.5e-1") == .success(.init(correct: true, given: "2.5e-1")))
            #expect(grade(numberQuizEN, "0.255") == .success(.init(correct: true, given: "0.255")))
            #expect(grade(numberQuizEN, "0.3") == .success(.init(correct: false, given: "0.3")))
            #expect(grade(numberQuizEN, "-0.25") == .success(.init(correct: false, given: "-0.25")))
        }

        @Test(arguments: ["", "abc", "1/4", "0.2.5", "nan", "inf", "-inf", "1e400", "0,2,5", "1.000,5", "a quarter"])
        func notANumber(typed: String) {
            #expect(grade(numberQuizEN, typed) == .failure(.notANumber))
        }

        @Test func toleranceEdgesExactInBinary() {
            // 0.5 ± 0.25: every number here is exact in binary, so the edges are exactly the edges.
            let quiz = number(0.5, tolerance: 0.25)
            for typed in ["0.75", "0.25", "0.5"] {
                #expect((try? grade(quiz, typed).get().correct) == true, "\(typed)")
            }
            for typed in ["0.7500001", "0.2499999", "1"] {
                #expect((try? grade(quiz, typed).get().correct) == false, "\(typed)")
            }
            // Tolerance 0: only the exact number.
            let exact = number(3, tolerance: 0)
            #expect((try? grade(exact, "3").get().correct) == true)
            #expect((try? grade(exact, "3.0000001").get().correct) == false)
        }

        @Test func toleranceEdgesWrittenInDecimal() {
            // An answer exactly at answer ± tolerance, as the lesson author writes both in decimal, is right: the
            // tolerance is inclusive. 0.26 − 0.25 is 0.010000000000000009 in binary floating point, a hair over 0.01.
            #expect((try? grade(numberQuizEN, "0.26").get().correct) == true)
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0.299").get().correct) == true)
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0.301").get().correct) == true)
            // Just outside the edge stays wrong, whatever the fix.
            #expect((try? grade(numberQuizEN, "0.2601").get().correct) == false)
            #expect((try? grade(numberQuizEN, "0.2399").get().correct) == false)
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0.3011").get().correct) == false)
        }

        @Test func defaultToleranceIsAMillionth() {
            let lesson = LessonParser.parse("---\nid: t\ntitle: T\norder: 1\n---\n```quiz\nquestion: Parameters?\nanswer: 25450\n```\n", path: "t.md", labs: .standard)
            let quiz = lesson.quizzes[0].quiz
            #expect((try? grade(quiz, "25450").get().correct) == true)
            #expect((try? grade(quiz, "25450.02").get().correct) == true)
            #expect((try? grade(quiz, "25451").get().correct) == false)
        }

        @Test func decimalComma() {
            #expect(grade(numberQuizEN, "0,25") == .success(.init(correct: true, given: "0,25")))
            #expect(grade(numberQuizEN, ",25") == .success(.init(correct: true, given: ",25")))
            #expect(grade(numberQuizEN, "0,3") == .success(.init(correct: false, given: "0,3")))
            #expect((try? grade(number(-0.3, tolerance: 0.001), "-0,3").get().correct) == true)
        }

        @Test func commaGroupingThousandsIsNotADecimalComma() {
            // Both course languages group thousands with a comma ("25,450", as lesson 3.1's own explanation writes
            // it); reading that as 25.45 marks a right answer wrong.
            let quiz = number(25450, tolerance: 0.5)
            #expect((try? grade(quiz, "25,450").get().correct) == true)
            // An unambiguous decimal comma (a leading zero, or not three digits after it) keeps working.
            #expect((try? grade(numberQuizEN, "0,250").get().correct) == true)
        }

        @Test func liveQuizCannotBeTyped() {
            let quiz = Quiz(question: "?", choices: [], answer: .live(liveCheck), explanation: "")
            #expect(grade(quiz, "0.9") == .failure(.answeredByALab))
        }

        @Test func problemsAreWordedInBothLanguages() {
            let en = CourseText.for("en"), zh = CourseText.for("zh")
            #expect(en.problem(.notAChoice(count: 3)) == "Type one letter, a to c")
            #expect(zh.problem(.notAChoice(count: 4)) == "请输入 a 到 d 之间的一个字母")
            #expect(en.problem(.notANumber) == "Type a number, e.g. 0.25")
            #expect(en.problem(.noRun(.gd)) == "No gd run yet: start one with s first")
            #expect(zh.problem(.noRun(.mlp)).contains("mlp"))
            #expect(en.problem(.notMeasuredYet("test-accuracy")) == "This run has no test-accuracy yet: train a little longer")
            #expect(zh.problem(.notMeasuredYet("loss")).contains("loss"))
        }
    }
}
