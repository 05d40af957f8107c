#!/usr/bin/env python3
"""Reference values for LinearRegressionGD: the article's NumPy gradient descent, in float64.

Prints Swift source on stdout. Regenerate the test fixture with

    python3 Tests/MLCoreTests/Fixtures/make_gd_reference.py > Tests/MLCoreTests/GDReferenceValues.swift

Numbers are written with repr(), Python's shortest string that round-trips to the same float64
(at most 17 significant digits), so the Swift literals are bit-for-bit the NumPy values.
"""
import numpy as np

# The article's data. theta starts as an int array, exactly as in the article; the first update
# `theta - alpha * gradient` turns it into float64, so every recorded value is float64.
X = np.array([[1, 2], [2, 3], [3, 4]])
y = np.array([3, 5, 7])
theta0 = np.array([0, 0])
m = len(y)


def gradient_step(X, y, theta, alpha):
    # One iteration of the article's loop body, unchanged.
    gradient = (1 / m) * X.T.dot(X.dot(theta) - y)
    return theta - alpha * gradient


def gradient_descent(X, y, theta, alpha, iterations):
    # The article's function, unchanged (used to cross-check the recorded run below).
    m = len(y)
    for i in range(iterations):
        gradient = (1 / m) * X.T.dot(X.dot(theta) - y)
        theta = theta - alpha * gradient
    return theta


def loss_function(X, y, theta):
    # J(theta) = mean squared error, as the article's loss_function.
    return np.mean((X.dot(theta) - y) ** 2)


def r(v):
    return repr(float(v))


def checkpoint(i, theta):
    t = ", ".join(r(v) for v in np.asarray(theta, dtype=np.float64))
    return f"        .init(iteration: {i}, theta: [{t}], loss: {r(loss_function(X, y, theta))}),"


out = []
out.append("// GENERATED FILE: do not edit by hand.")
out.append("// Regenerate with:")
out.append("//   python3 Tests/MLCoreTests/Fixtures/make_gd_reference.py > Tests/MLCoreTests/GDReferenceValues.swift")
out.append(f"// NumPy {np.__version__}, float64; numbers via repr() (shortest round-trip, exact float64 values).")
out.append("")
out.append("/// The article's NumPy gradient descent on X = [[1,2],[2,3],[3,4]], y = [3,5,7], theta0 = [0,0].")
out.append("enum GDReference {")
out.append("    struct Checkpoint { let iteration: Int; let theta: [Double]; let loss: Double }")
out.append("")

# alpha = 0.01, 1000 iterations: theta and J after iterations 0, 1, 2, 10, 100, 1000.
alpha = 0.01
record = {0, 1, 2, 10, 100, 1000}
theta = theta0
lines = [checkpoint(0, theta)]
for i in range(1, 1001):
    theta = gradient_step(X, y, theta, alpha)
    if i in record:
        lines.append(checkpoint(i, theta))
assert np.array_equal(theta, gradient_descent(X, y, theta0, alpha, 1000))
out.append("    /// alpha = 0.01: theta and J after iterations 0, 1, 2, 10, 100 and 1000.")
out.append("    static let alpha001: [Checkpoint] = [")
out.extend(lines)
out.append("    ]")
out.append("")

# alpha = 0.2: every iteration until J first exceeds 1e6 * J0 (that iteration included).
alpha = 0.2
J0 = loss_function(X, y, theta0)
theta = theta0
lines = [checkpoint(0, theta)]
i = 0
while True:
    i += 1
    theta = gradient_step(X, y, theta, alpha)
    lines.append(checkpoint(i, theta))
    if loss_function(X, y, theta) > 1e6 * J0:
        break
out.append("    /// alpha = 0.2: every iteration until J first exceeds 1e6 * J0 (the last entry is that iteration).")
out.append("    static let alpha02: [Checkpoint] = [")
out.extend(lines)
out.append("    ]")
out.append(f"    static let alpha02DivergedAt = {i}")
out.append("")

lam = np.linalg.eigvalsh(X.T.dot(X) / m)
out.append("    /// Eigenvalues of X^T X / m (ascending); gradient descent is stable for alpha < 2 / max.")
out.append(f"    static let hessianEigenvalues: [Double] = [{', '.join(r(v) for v in lam)}]")
out.append("}")
print("\n".join(out))
