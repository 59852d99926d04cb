package questionnaire

import (
	"slices"
	"strings"
)

// Submission is a finished questionnaire: the answers that count, the
// findings (non-compliant answers) for scoring and the items answered
// compliant, which a later on-site visit may contradict.
type Submission struct {
	Template     string    `json:"template"`
	TemplateHash string    `json:"template_hash"`
	Subject      Subject   `json:"subject"`
	Answers      []Answer  `json:"answers"`
	Skipped      []string  `json:"skipped,omitempty"`
	Findings     []Finding `json:"findings"`
	Compliant    []ItemRef `json:"compliant"`
}

// Finding is one non-compliant answer with what scoring and inspectors need.
type Finding struct {
	ItemID     string   `json:"item_id"`
	Question   string   `json:"question"`
	Theme      string   `json:"theme"`
	Department string   `json:"department"`
	Severity   Severity `json:"severity"`
	LegalBasis string   `json:"legal_basis"`
	Answer     string   `json:"answer"`
	Photos     []string `json:"photos,omitempty"`
}

// ItemRef names a checklist item answered compliant.
type ItemRef struct {
	ItemID     string   `json:"item_id"`
	Theme      string   `json:"theme"`
	Department string   `json:"department"`
	Severity   Severity `json:"severity"`
}

// Missing returns the applicable required questions without an answer and
// the answers still lacking their evidence photo, in question order.
func (s *Session) Missing() []*Item {
	env := s.env()
	var out []*Item
	for _, it := range s.relevantItems(env) {
		a, ok := s.st.Answers[it.ID]
		if (!ok && it.Required) || (ok && it.needsPhoto(a, env)) {
			out = append(out, it)
		}
	}
	return out
}

// Submit closes the questionnaire. It refuses with *IncompleteError, naming
// the questions, while required answers or evidence photos are missing.
func (s *Session) Submit() (Submission, error) {
	if m := s.Missing(); len(m) > 0 {
		return Submission{}, &IncompleteError{Missing: m}
	}
	env := s.env()
	sub := Submission{
		Template: s.t.Slug, TemplateHash: s.t.Hash, Subject: s.st.Subject,
		Answers: []Answer{}, Findings: []Finding{}, Compliant: []ItemRef{},
	}
	for _, it := range s.relevantItems(env) {
		a, ok := s.st.Answers[it.ID]
		if !ok {
			if slices.Contains(s.st.Skipped, it.ID) {
				sub.Skipped = append(sub.Skipped, it.ID)
			}
			continue
		}
		sub.Answers = append(sub.Answers, a)
		compliant, judged := it.compliant(a.Value, env)
		switch {
		case !judged:
		case compliant:
			sub.Compliant = append(sub.Compliant, ItemRef{ItemID: it.ID, Theme: it.Theme, Department: it.Department, Severity: it.Severity})
		default:
			sub.Findings = append(sub.Findings, Finding{
				ItemID: it.ID, Question: it.Text, Theme: it.Theme, Department: it.Department,
				Severity: it.Severity, LegalBasis: it.LegalBasis, Answer: it.Display(a.Value),
				Photos: slices.Clone(a.Photos),
			})
		}
	}
	return sub, nil
}

// Summary lists the answers for a last look before submitting, flags the
// non-compliant ones and says what is still missing.
func (s *Session) Summary() string {
	env := s.env()
	var b strings.Builder
	b.WriteString("《" + s.t.Title + "》答题汇总：\n")
	n, bad := 0, 0
	for _, it := range s.relevantItems(env) {
		a, ok := s.st.Answers[it.ID]
		n++
		line := itoa(n) + ". " + it.label() + "："
		switch {
		case ok:
			line += it.Display(a.Value)
			if len(a.Photos) > 0 {
				line += "（附照片" + itoa(len(a.Photos)) + "张）"
			}
			if c, judged := it.compliant(a.Value, env); judged && !c {
				line += " ⚠不符合"
				bad++
			}
		case slices.Contains(s.st.Skipped, it.ID):
			line += "（已跳过）"
		default:
			line += "（未回答）"
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("共" + itoa(n) + "题，其中不符合" + itoa(bad) + "项。")
	if m := s.Missing(); len(m) > 0 {
		b.WriteString("还有" + itoa(len(m)) + "题未完成，完成后才能提交。")
	} else {
		b.WriteString("确认无误请回复“提交”，需要修改请回复“上一题”。")
	}
	return b.String()
}
