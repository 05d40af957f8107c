/// Lookup tables for `MathRenderer`: command → Unicode, and the Unicode sub/superscript alphabets.
enum MathSymbols {
    /// Commands that render as a fixed symbol (Greek letters, operators, arrows, relations, delimiters).
    static let symbols: [String: String] = [
        // Greek, lower case.
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
        "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        // Greek, upper case (the ones that differ from Latin letters).
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        // Big operators and calculus.
        "nabla": "∇", "partial": "∂", "sum": "Σ", "prod": "Π", "int": "∫", "iint": "∬", "oint": "∮",
        "infty": "∞", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅", "varnothing": "∅",
        // Binary operators.
        "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
        "circ": "∘", "bullet": "•", "odot": "⊙", "otimes": "⊗", "oplus": "⊕",
        "cup": "∪", "cap": "∩", "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
        "neg": "¬", "lnot": "¬",
        // Arrows.
        "leftarrow": "←", "gets": "←", "rightarrow": "→", "to": "→", "leftrightarrow": "↔",
        "Leftarrow": "⇐", "Rightarrow": "⇒", "Leftrightarrow": "⇔", "implies": "⇒", "iff": "⇔",
        "mapsto": "↦", "uparrow": "↑", "downarrow": "↓",
        // Relations.
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
        "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
        "supseteq": "⊇", "perp": "⊥", "top": "⊤", "bot": "⊥", "models": "⊨", "vdash": "⊢",
        // Quantifiers and dots.
        "forall": "∀", "exists": "∃", "nexists": "∄", "ldots": "…", "dots": "…", "cdots": "⋯",
        "vdots": "⋮", "ddots": "⋱", "prime": "′", "degree": "°",
        // Delimiters.
        "mid": "|", "vert": "|", "lvert": "|", "rvert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖",
        "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
        "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]", "colon": ":",
        // Spacing.
        "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " ",
    ]

    /// Symbols that read as a prefix of what follows (`\partial L` → `∂L`): spaces after them are dropped.
    static let prefixSymbols: Set<String> = ["partial", "nabla", "neg", "lnot"]

    /// Operator names typeset upright in TeX; rendered as their own name.
    static let functionNames: Set<String> = [
        "log", "ln", "lg", "exp", "max", "min", "sup", "inf", "lim", "liminf", "limsup",
        "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth",
        "arcsin", "arccos", "arctan", "arg", "argmax", "argmin", "det", "dim", "ker",
        "deg", "gcd", "hom", "Pr", "sgn", "tr", "softmax",
    ]

    /// Font and text commands whose argument is shown as-is (math is still rendered inside).
    static let styleCommands: Set<String> = [
        "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "mathcal", "mathscr", "mathfrak",
        "boldsymbol", "bm", "operatorname", "mathop",
    ]

    /// Text commands: the argument is literal text, not math.
    static let textCommands: Set<String> = ["text", "textbf", "textit", "textrm", "textsf", "texttt", "mbox"]

    /// Commands that are dropped: sizing wrappers of a delimiter (`\left(` → `(`) and style switches.
    static let ignoredCommands: Set<String> = [
        "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "left", "right", "middle", "big", "Big", "bigg", "Bigg",
        "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
    ]

    /// Accents: combining mark for a single letter, and the name used in the `name(…)` fallback.
    static let accents: [String: (mark: Character, name: String)] = [
        "vec": ("\u{20D7}", "vec"), "overrightarrow": ("\u{20D7}", "vec"),
        "hat": ("\u{0302}", "hat"), "widehat": ("\u{0302}", "hat"),
        "bar": ("\u{0304}", "bar"), "overline": ("\u{0304}", "bar"),
        "tilde": ("\u{0303}", "tilde"), "widetilde": ("\u{0303}", "tilde"),
        "dot": ("\u{0307}", "dot"), "ddot": ("\u{0308}", "ddot"),
    ]

    /// `\mathbb{R}` → ℝ; letters not listed fall back to the plain letter.
    static let blackboard: [Character: String] = [
        "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ", "H": "ℍ", "1": "𝟙",
    ]

    /// Characters that have a Unicode superscript form.
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
        "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "i": "ⁱ",
        "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ", "p": "ᵖ", "r": "ʳ", "s": "ˢ",
        "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ",
        "A": "ᴬ", "B": "ᴮ", "D": "ᴰ", "E": "ᴱ", "G": "ᴳ", "H": "ᴴ", "I": "ᴵ", "J": "ᴶ", "K": "ᴷ",
        "L": "ᴸ", "M": "ᴹ", "N": "ᴺ", "O": "ᴼ", "P": "ᴾ", "R": "ᴿ", "T": "ᵀ", "U": "ᵁ", "V": "ⱽ",
        "W": "ᵂ",
        "β": "ᵝ", "γ": "ᵞ", "δ": "ᵟ", "ε": "ᵋ", "θ": "ᶿ", "ι": "ᶥ", "φ": "ᵠ", "χ": "ᵡ",
        "'": "′", "′": "′", "⊤": "ᵀ", "∘": "°",
    ]

    /// Characters that have a Unicode subscript form.
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
        "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ",
        "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
        "β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ",
    ]
}
