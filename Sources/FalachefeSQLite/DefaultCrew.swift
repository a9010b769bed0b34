/// The crew every new company starts with (seed: "Default crew for a new company:
/// orchestrator, financial, marketing, hr, support"), written to `crews` / `crew_agents`.
/// The agents themselves are the Core's `CrewAgentProfile.defaults`, so their tools are
/// the names the crew knows; each company gets its own agent ids.
enum DefaultCrew {
    static let name = "Falachefe Crew"
    static let description = "Equipe padrão de agentes do Falachefe para pequenas empresas."
}
