import Foundation

/// A scikit-learn linear model — logistic regression, linear SVM or ridge classifier — exported by
/// `scripts/export_sklearn_linear.py` as `model.safetensors` (`coef` [classes × features] or
/// [1 × features] for two classes, `intercept`) plus `model.json` (estimator, class labels, the
/// features it reads).
public final class LinearModel: @unchecked Sendable {
    /// The estimators the exporter writes.
    public enum Estimator: String, Sendable, Codable {
        case logisticRegression = "logistic_regression"
        case linearSVM = "linear_svm"
        case ridge = "ridge"
    }

    /// `model.json`.
    public struct Description: Codable, Sendable {
        public var estimator: Estimator
        public var classes: [String]
        public var features: Int
        /// The embedder whose vectors the model reads (e.g. `all-minilm-l6-v2`).
        public var embedder: String?
    }

    public let description: Description
    let coefficients: [Float]  // rows × features
    let intercepts: [Float]
    let rows: Int

    /// Loads `model.json` and `model.safetensors` from `folder`.
    /// - Throws: ``SafeTensorsError`` when the tensors are malformed or disagree with the description.
    public init(folder: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/model.json"))
        let description: Description
        do {
            description = try JSONDecoder().decode(Description.self, from: data)
        } catch {
            throw SafeTensorsError("model.json is not a linear model's description: \(error)")
        }
        guard description.classes.count >= 2, description.features > 0, description.features <= 1 << 16 else {
            throw SafeTensorsError("model.json needs at least two classes and a feature count")
        }
        let tensors = try SafeTensors(path: folder + "/model.safetensors")
        let rows = description.classes.count == 2 && tensors.entries["coef"]?.shape.first == 1 ? 1 : description.classes.count
        coefficients = try tensors.floats("coef", shape: [rows, description.features])
        intercepts = try tensors.floats("intercept", shape: [rows])
        self.rows = rows
        self.description = description
    }

    /// Bytes of weights held.
    public var byteCount: Int { (coefficients.count + intercepts.count) * MemoryLayout<Float>.stride }

    /// The predicted class and, per class, its score: probabilities for logistic regression,
    /// decision values otherwise.
    /// - Throws: ``SafeTensorsError`` when `features` does not hold the model's feature count.
    public func predict(_ features: [Float]) throws -> (label: String, scores: [String: Float]) {
        guard features.count == description.features else {
            throw SafeTensorsError("the model takes \(description.features) features, not \(features.count)")
        }
        var decision = [Float](repeating: 0, count: rows)
        for row in 0..<rows {
            var sum = intercepts[row]
            let base = row * description.features
            for column in 0..<description.features { sum += coefficients[base + column] * features[column] }
            decision[row] = sum
        }
        if rows == 1 { decision = [-decision[0], decision[0]] }
        var scores = decision
        if description.estimator == .logisticRegression {
            if rows == 1 {
                let p = 1 / (1 + expf(-decision[1]))
                scores = [1 - p, p]
            } else {
                let largest = decision.max() ?? 0
                let exps = decision.map { expf($0 - largest) }
                let total = exps.reduce(0, +)
                scores = exps.map { $0 / total }
            }
        }
        let best = scores.indices.max { scores[$0] < scores[$1] } ?? 0
        return (description.classes[best], Dictionary(uniqueKeysWithValues: zip(description.classes, scores)))
    }
}
