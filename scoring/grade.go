package scoring

// Severity grades a violation. Its value is the Chinese word itself, which is
// also the key in scoring.yaml and the second part of a rule id.
type Severity string

// The severities. SeveritySerious is what the law lists as a major hazard
// (重大隐患, e.g. GB 35181 for fire). SeverityNone is for kinds without one.
const (
	SeverityNone    Severity = ""
	SeverityGeneral Severity = "一般"
	SeverityMajor   Severity = "较重"
	SeveritySerious Severity = "严重"
)

// Severities returns the severities from least to most serious.
func Severities() []Severity {
	return []Severity{SeverityGeneral, SeverityMajor, SeveritySerious}
}

// Valid reports whether s is one of Severities.
func (s Severity) Valid() bool {
	return s == SeverityGeneral || s == SeverityMajor || s == SeveritySerious
}

// Label returns the Chinese name of s.
func (s Severity) Label() string { return string(s) }

// Grade is a credit grade, A best and D worst.
type Grade string

// The grades.
const (
	GradeA Grade = "A"
	GradeB Grade = "B"
	GradeC Grade = "C"
	GradeD Grade = "D"
)

// Grades returns the grades from best to worst.
func Grades() []Grade { return []Grade{GradeA, GradeB, GradeC, GradeD} }

// Valid reports whether g is one of Grades.
func (g Grade) Valid() bool { return g.rank() >= 0 }

// Label returns the Chinese name of g, e.g. "A级".
func (g Grade) Label() string { return string(g) + "级" }

// Worse reports whether g is a worse grade than h.
func (g Grade) Worse(h Grade) bool { return g.rank() > h.rank() }

func (g Grade) rank() int {
	switch g {
	case GradeA:
		return 0
	case GradeB:
		return 1
	case GradeC:
		return 2
	case GradeD:
		return 3
	}
	return -1
}
