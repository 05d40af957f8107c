import MLCore
import Testing
@testable import LessonKit

@Suite struct MathRendererTests {
    @Test(arguments: [
        // Operators, spacing and the minus sign.
        ("y = f(w \\cdot x + b)", "y = f(w · x + b)"),
        ("\\theta \\leftarrow \\theta - \\alpha \\nabla_{\\theta} J(\\theta)", "θ ← θ − α ∇_θ J(θ)"),
        ("a \\times b \\div c \\pm d", "a × b ÷ c ± d"),
        ("x \\to y \\Rightarrow z \\gets w \\rightarrow v", "x → y ⇒ z ← w → v"),
        ("a \\le b \\leq c \\ge d \\geq e \\neq f \\ne g", "a ≤ b ≤ c ≥ d ≥ e ≠ f ≠ g"),
        ("a \\approx b \\sim c \\equiv d", "a ≈ b ∼ c ≡ d"),
        ("\\forall x \\in S \\exists y", "∀ x ∈ S ∃ y"),
        ("1, \\ldots, n \\dots \\cdots \\infty", "1, …, n … ⋯ ∞"),
        ("P(y \\mid x)", "P(y | x)"),
        ("\\lVert w \\rVert + \\|v\\|", "‖ w ‖ + ‖v‖"),
        ("\\langle u, v \\rangle", "⟨ u, v ⟩"),
        ("a - b", "a − b"),
        ("-1", "−1"),
        ("a\\,b\\;c\\ d\\quad e", "a b c d e"),
        ("  a    =   b  ", "a = b"),
        // Greek.
        ("\\alpha\\beta\\gamma\\delta\\epsilon\\zeta\\eta\\theta\\iota\\kappa\\lambda\\mu", "αβγδεζηθικλμ"),
        ("\\nu\\xi\\pi\\rho\\sigma\\tau\\upsilon\\phi\\chi\\psi\\omega", "νξπρστυφχψω"),
        ("\\Gamma\\Delta\\Theta\\Lambda\\Xi\\Pi\\Sigma\\Phi\\Psi\\Omega", "ΓΔΘΛΞΠΣΦΨΩ"),
        ("\\varepsilon \\vartheta \\varphi", "ε ϑ φ"),
        // Big operators, calculus.
        ("\\sum_{j=1}^{n} w_j x_j", "Σⱼ₌₁ⁿ wⱼ xⱼ"),
        ("\\prod_i p_i", "Πᵢ pᵢ"),
        ("\\int_0^1 f(x) dx", "∫₀¹ f(x) dx"),
        ("\\frac{\\partial L}{\\partial w}", "∂L/∂w"),
        ("\\nabla J", "∇J"),
        // Named functions and styles.
        ("\\log p + \\exp(z) + \\max(0, z) + \\min x", "log p + exp(z) + max(0, z) + min x"),
        ("\\sin x \\cos x \\tanh(z) \\arg\\max", "sin x cos x tanh(z) argmax"),
        ("\\operatorname{softmax}(z)", "softmax(z)"),
        ("\\operatorname*{argmax}_\\theta", "argmax_θ"),
        ("\\mathbf{x} + \\mathrm{d}x + \\boldsymbol{\\mu} + \\mathcal{L}", "x + dx + μ + L"),
        ("\\text{if } x - 1 > 0", "if x − 1 > 0"),
        ("\\text{well-known}", "well-known"),
        ("\\textbf{W}", "W"),
        ("\\mathbb{R}^n", "ℝⁿ"),
        ("\\mathbb{E}_{x \\sim p}[f(x)]", "𝔼_(x ∼ p)[f(x)]"),
        // Delimiters and grouping.
        ("\\left( \\frac{a}{b} \\right)", "( a/b )"),
        ("\\left\\{ x \\right.", "{ x"),
        ("\\{1, 2\\}", "{1, 2}"),
        ("{a}{b}{}c", "abc"),
        // Sub- and superscripts.
        ("x_i", "xᵢ"),
        ("x_{ij}", "xᵢⱼ"),
        ("x^2", "x²"),
        ("e^{-z}", "e⁻ᶻ"),
        ("\\theta^{T}", "θᵀ"),
        ("x^{(i)}", "x⁽ⁱ⁾"),
        ("W^{[l]}", "W^([l])"),
        ("x_{i, j}", "x_(i, j)"),
        ("a_{i j}", "aᵢⱼ"),
        ("y_{\\text{max}}", "yₘₐₓ"),
        ("x_q", "x_q"),
        ("x^{q+1}", "x^(q+1)"),
        ("w_{\\beta}", "wᵦ"),
        ("f^\\prime", "f′"),
        ("x^{2}_{i}", "x²ᵢ"),
        ("x^{}", "x"),
        ("\\lim_{n \\to \\infty}", "lim_(n → ∞)"),
        // Fractions.
        ("\\frac{1}{m}", "1/m"),
        ("\\frac{a+b}{2}", "(a+b)/2"),
        ("\\frac{1}{1 + e^{-z}}", "1/(1 + e⁻ᶻ)"),
        ("\\frac{f(a+b)}{2}", "f(a+b)/2"),
        ("\\frac{\\frac{a}{b}}{c}", "(a/b)/c"),
        ("\\frac12", "1/2"),
        // A fraction is set off by spaces from adjacent terms, not from brackets or operators.
        ("-\\frac{1}{m}\\sum_{i=1}^m x_i", "−1/m Σᵢ₌₁ᵐ xᵢ"),
        ("x\\frac{a}{b}y", "x a/b y"),
        ("\\frac{1}{2}(a+b)", "1/2 (a+b)"),
        ("(\\frac{a}{b})", "(a/b)"),
        ("\\frac{a}{b}\\cdot x", "a/b · x"),
        ("\\frac{a}{b}, c", "a/b, c"),
        // Accents and roots.
        ("\\vec{w}", "w\u{20D7}"),
        ("\\vec{xy}", "vec(xy)"),
        ("\\hat{y}", "y\u{0302}"),
        ("\\bar{x}", "x\u{0304}"),
        ("\\tilde{x}", "x\u{0303}"),
        ("\\dot{x}", "x\u{0307}"),
        ("\\hat{y}_i", "ŷᵢ"),
        ("\\sqrt{x}", "√x"),
        ("\\sqrt{x^2 + y^2}", "√(x² + y²)"),
        ("\\sqrt[3]{8}", "∛8"),
        ("\\sqrt[n]{x}", "ⁿ√x"),
        // Unknown commands stay readable.
        ("\\foo{x}", "\\foo{x}"),
        ("\\foo{\\alpha}{b} + 1", "\\foo{α}{b} + 1"),
        ("\\foo x", "\\foo x"),
    ])
    func renders(_ tex: String, _ expected: String) {
        #expect(MathRenderer.render(tex) == expected)
    }

    @Test func combiningMarksFormOneCharacter() {
        #expect(MathRenderer.render("\\vec{w}").count == 1)
        #expect(MathRenderer.render("\\vec{w}").unicodeScalars.map(\.value) == [0x77, 0x20D7])
        #expect(MathRenderer.render("\\hat{y}") == "ŷ")  // NFC-equal to the precomposed letter
    }

    @Test func lessonExample() {
        #expect(MathRenderer.render("J(w) = \\frac{1}{m} \\sum_{i=1}^{m} (\\hat{y}_i - y_i)^2")
            == "J(w) = 1/m Σᵢ₌₁ᵐ (ŷᵢ − yᵢ)²")
    }

    @Test(arguments: [
        ("", ""), ("\\", "\\"), ("x^", "x^"), ("x_", "x_"), ("{", ""), ("}", "}"), ("{{a}", "a"),
        ("a}}b", "a}}b"), ("\\frac", "/"), ("\\frac{a}", "a/"), ("\\sqrt", "√"), ("\\vec", ""),
        ("\\text", ""), ("\\left", ""), ("x^^", "x^^"),
        ("a\\\nb", "a b"), ("a\\ b", "a b"), ("\\sqrt[3", "∛"), ("$x$", "x"), ("\\{", "{"),
    ])
    func malformedInputIsHandled(_ tex: String, _ expected: String) {
        #expect(MathRenderer.render(tex) == expected)
    }

    @Test func deepNestingTerminates() {
        let n = 50_000
        #expect(MathRenderer.render(String(repeating: "{", count: n) + "x" + String(repeating: "}", count: n)) == "x")
        #expect(MathRenderer.render(String(repeating: "{", count: n)) == "")
        #expect(!MathRenderer.render(String(repeating: "\\sqrt", count: n) + "{x}").isEmpty)
        #expect(!MathRenderer.render(String(repeating: "\\frac{", count: n)).isEmpty)
        #expect(!MathRenderer.render(String(repeating: "x^{", count: n)).isEmpty)
        #expect(!MathRenderer.render(String(repeating: "\\sqrt[", count: n)).isEmpty)
        #expect(!MathRenderer.render(String(repeating: "\\foo{", count: n)).isEmpty)
        #expect(MathRenderer.render(String(repeating: "^", count: n)).count > 0)
    }

    @Test func fuzzNeverCrashesAndStaysTidy() {
        let fragments = ["\\", "{", "}", "_", "^", "a", "b", "1", " ", "frac", "vec", "\\frac", "\\vec", "-", "\\sqrt", "["]
        var rng = SplitMix64(seed: 0x5EED_1234)
        var nonEmpty = 0
        for _ in 0..<20_000 {
            var input = ""
            for _ in 0..<rng.below(40) { input += fragments[rng.below(fragments.count)] }
            let output = MathRenderer.render(input)
            // Output is tidy: trimmed, no doubled spaces.
            #expect(output == MathRenderer.collapseSpaces(output), "input: \(input)")
            // Anything printable that is not pure markup shows up as something.
            if input.contains("b") || input.contains("1") {
                #expect(!output.isEmpty, "input: \(input)")
            }
            if !output.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 15_000)
    }
}
