/// Whether to apply a command, and as whom.
public enum AuthorisationResult: Hashable, Sendable {
    case apply(DecisionActor)
    case refuse(AuthorisationRefusal)

    /// Who to record the decision against, when it is applied.
    public var actor: DecisionActor? {
        if case .apply(let actor) = self { return actor }
        return nil
    }

    /// Why not, when it is refused.
    public var refusal: AuthorisationRefusal? {
        if case .refuse(let refusal) = self { return refusal }
        return nil
    }
}
