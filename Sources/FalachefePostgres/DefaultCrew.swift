/// The crew every new company starts with (seed: "Default crew for a new company:
/// orchestrator, financial, marketing, hr, support"), written to `crews` / `crew_agents`
/// with the same name and description as the SQLite adapter. The agents themselves are the
/// Core's `CrewAgentProfile.defaults`; each company gets its own agent ids.
enum DefaultCrew {
    static let name = "Falachefe Crew"
    static let description = "Equipe padrão de agentes do Falachefe para pequenas empresas."
}
