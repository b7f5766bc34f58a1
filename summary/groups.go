package summary

// group is one subsection of part II: its indicators (in the order of its
// tables), the one its chart draws, and what it says in words.
type group struct {
	Key   string
	Codes []string
	Chart string
	// Say writes the group's sentences from the figures.
	Say func(s *sayer) []string
}

// groups is part II, in the order of the form the communes use; every
// indicator of the default catalogue belongs to one (a test checks it).
// An indicator a district adds later appears in the appendix.
var groups = []group{
	{Key: "comm", Codes: []string{"comm_sessions", "listeners_reached", "contest_teams", "contest_participants"},
		Chart: "listeners_reached", Say: sayCommunication},
	{Key: "gbv", Codes: []string{"gbv_incidents", "gbv_victims_supported"}, Chart: "gbv_incidents", Say: sayViolence},
	{Key: "staff", Codes: []string{"gender_staff_total", "gender_staff_female", "female_staff_ratio", "cadre_total",
		"cadre_female", "female_cadre_ratio"}, Chart: "female_cadre_ratio", Say: sayStaff},
	{Key: "training", Codes: []string{"training_sessions", "training_attendance"}, Chart: "training_attendance", Say: sayTraining},
	{Key: "models", Codes: []string{"community_models"}, Chart: "community_models", Say: sayModels},
	{Key: "directives", Codes: []string{"plans_issued", "decisions_issued"}, Chart: "decisions_issued", Say: sayDirectives},
}
