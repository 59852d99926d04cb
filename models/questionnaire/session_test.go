package questionnaire

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	testLoc = time.FixedZone("CST", 8*3600)
	testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, testLoc)
)

// step answers the current question and checks it was the expected one.
func step(t *testing.T, s *Session, wantID string, in Input) {
	t.Helper()
	p, ok := s.Next(testNow)
	if !ok || p.Item.ID != wantID {
		t.Fatalf("Next() = %v %v, want %s", p.Item, ok, wantID)
	}
	if err := s.Answer(in, testNow, testLoc); err != nil {
		t.Fatalf("Answer(%s, %+v): %v", wantID, in, err)
	}
}

func current(t *testing.T, s *Session) Prompt {
	t.Helper()
	p, ok := s.Next(testNow)
	if !ok {
		t.Fatalf("Next() = done, want a question")
	}
	return p
}

func TestSessionWalkthrough(t *testing.T) {
	tpl := loadAll(t)["household"]
	s := NewSession(tpl, Subject{})

	p := current(t, s)
	if p.Index != 1 || !strings.Contains(p.Text, "第1/") || strings.Contains(p.Text, "上一题") {
		t.Errorf("first prompt = %q, want progress 第1/ and no 上一题 hint", p.Text)
	}
	if err := s.Back(); !errors.Is(err, ErrNoPrevious) {
		t.Errorf("Back() on first question = %v, want ErrNoPrevious", err)
	}
	// A bad answer re-prompts and stores nothing.
	var ie *InputError
	if err := s.Answer(Input{Text: "很多人"}, testNow, testLoc); !errors.As(err, &ie) || ie.ItemID != "household_size" {
		t.Fatalf("Answer(很多人) = %v, want *InputError for household_size", err)
	}
	step(t, s, "household_size", Input{Text: "３人"})
	step(t, s, "vulnerable", Input{Text: "1、2"})
	step(t, s, "gas_type", Input{Text: "2"}) // LPG: the cylinder questions follow.

	p = current(t, s)
	if p.Item.ID != "HG-01" || !strings.Contains(p.Text, "上一题") || !strings.Contains(p.Text, "1. 是") {
		t.Errorf("prompt = %q, want HG-01 with numbered 是/否 and 上一题", p.Text)
	}
	if err := s.Skip(); err == nil || !strings.Contains(err.Error(), "必答题") {
		t.Errorf("Skip() on a required item = %v, want 必答题 error", err)
	}
	step(t, s, "HG-01", Input{Text: "是"})
	step(t, s, "HG-02", Input{Text: "否"})
	step(t, s, "HG-03", Input{Text: "是"})
	step(t, s, "HG-04", Input{Text: "没有"})
	step(t, s, "HG-05", Input{Text: "对"})
	step(t, s, "HG-06", Input{Text: "是"})
	step(t, s, "HG-07", Input{Text: "是"})
	step(t, s, "HG-08", Input{Text: "是"}) // cylinder in the bedroom: serious, photo required.

	p = current(t, s)
	if p.Item.ID != "HG-08" || !p.Photo {
		t.Fatalf("after a non-compliant HG-08, Next() = %s photo=%v, want its evidence photo", p.Item.ID, p.Photo)
	}
	if err := s.Answer(Input{Text: "好"}, testNow, testLoc); err == nil || !strings.Contains(err.Error(), "照片") {
		t.Errorf("text at the photo step = %v, want a photo re-prompt", err)
	}
	if err := s.Skip(); err == nil {
		t.Errorf("Skip() at the photo step = nil, want refusal")
	}
	step(t, s, "HG-08", Input{PhotoRef: "media-bedroom"})

	// Go back to gas_type and switch to piped gas: the LPG items drop out.
	for range 9 {
		if err := s.Back(); err != nil {
			t.Fatalf("Back(): %v", err)
		}
	}
	p = current(t, s)
	if p.Item.ID != "gas_type" || p.Current == nil || !strings.Contains(p.Text, "当前答案：瓶装液化石油气") {
		t.Fatalf("after 9 x Back(), prompt = %q, want gas_type showing its current answer", p.Text)
	}
	step(t, s, "gas_type", Input{Text: "管道天然气"})

	// Resume from JSON, as another replica would.
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	s, err = ResumeSession(tpl, data)
	if err != nil {
		t.Fatalf("ResumeSession: %v", err)
	}
	p = current(t, s)
	if p.Item.ID != "valve_changed" || !strings.Contains(p.Text, "跳过") {
		t.Fatalf("after resume, prompt = %q, want optional valve_changed", p.Text)
	}
	if err := s.Answer(Input{Text: "2026年12月1日"}, testNow, testLoc); err == nil || !strings.Contains(err.Error(), "不能晚于今天") {
		t.Errorf("future date = %v, want the constraint message", err)
	}
	if err := s.Skip(); err != nil {
		t.Fatalf("Skip() optional: %v", err)
	}
	step(t, s, "HF-01", Input{Text: "是"})

	// Restoring from the stored answers lands on the same question.
	r := RestoreSession(tpl, Subject{}, s.Answers(), s.Skipped())
	if got, want := current(t, r).Item.ID, current(t, s).Item.ID; got != want {
		t.Errorf("RestoreSession lands on %s, want %s", got, want)
	}

	step(t, s, "HF-02", Input{Text: "是"})
	step(t, s, "has_ebike", Input{Text: "N"})
	step(t, s, "HF-04", Input{Text: "Y"})
	step(t, s, "HF-05", Input{Text: "1"})
	if err := s.Answer(Input{PhotoRef: "media-x"}, testNow, testLoc); err == nil || !strings.Contains(err.Error(), "不要发送图片") {
		t.Errorf("photo for a text item = %v, want a text re-prompt", err)
	}
	if err := s.Skip(); err != nil {
		t.Fatalf("Skip() remarks: %v", err)
	}
	if p, ok := s.Next(testNow); ok {
		t.Fatalf("Next() = %s, want done", p.Item.ID)
	}

	sum := s.Summary()
	for _, want := range []string{"软管未老化：否 ⚠不符合", "最近更换减压阀或软管：（已跳过）", "不符合2项", "回复“提交”"} {
		if !strings.Contains(sum, want) {
			t.Errorf("Summary() lacks %q:\n%s", want, sum)
		}
	}
	if strings.Contains(sum, "煤气罐") {
		t.Errorf("Summary() lists LPG items after switching to piped gas:\n%s", sum)
	}

	sub, err := s.Submit()
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	var got []string
	for _, f := range sub.Findings {
		got = append(got, f.ItemID+"/"+string(f.Severity)+"/"+f.Answer)
	}
	if diff := cmp.Diff([]string{"HG-02/较重/否", "HG-04/一般/否"}, got); diff != "" {
		t.Errorf("Findings mismatch (-want +got):\n%s", diff)
	}
	for _, a := range sub.Answers {
		if a.ItemID == "HG-08" || a.ItemID == "HG-06" {
			t.Errorf("Submission keeps %s, which no longer applies", a.ItemID)
		}
	}
	var compliant []string
	for _, c := range sub.Compliant {
		compliant = append(compliant, c.ItemID)
	}
	if diff := cmp.Diff([]string{"HG-01", "HG-03", "HG-05", "HF-01", "HF-02", "HF-04", "HF-05"}, compliant); diff != "" {
		t.Errorf("Compliant mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"valve_changed", "remarks"}, sub.Skipped); diff != "" {
		t.Errorf("Skipped mismatch (-want +got):\n%s", diff)
	}
}

func TestSubmitIncomplete(t *testing.T) {
	tpl := loadAll(t)["followup"]
	s := NewSession(tpl, Subject{})
	step(t, s, "resolved", Input{Text: "已解决"})
	_, err := s.Submit()
	var ie *IncompleteError
	if !errors.As(err, &ie) {
		t.Fatalf("Submit() = %v, want *IncompleteError", err)
	}
	var got []string
	for _, it := range ie.Missing {
		got = append(got, it.ID)
	}
	if diff := cmp.Diff([]string{"satisfaction", "speed", "contacted"}, got); diff != "" {
		t.Errorf("Missing mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(err.Error(), "结果满意度") {
		t.Errorf("Submit() error %q does not name the missing question", err)
	}
}

func TestSessionEvidencePhotoAndFindings(t *testing.T) {
	tpl := loadAll(t)["enterprise"]
	s := NewSession(tpl, Subject{Tags: []string{"餐饮"}})
	n := 0
	for {
		p, ok := s.Next(testNow)
		if !ok {
			break
		}
		if n++; n > 500 {
			t.Fatal("session does not end")
		}
		in := Input{Text: "是"}
		switch {
		case p.Photo || p.Item.Type == TypePhoto:
			in = Input{PhotoRef: "media-" + p.Item.ID}
		case p.Item.ID == "employees":
			in = Input{Text: "12人"}
		case p.Item.ID == "lpg_cylinders":
			in = Input{Text: "8"}
		case p.Item.ID == "FS-05" || p.Item.ID == "GS-02":
			in = Input{Text: "否"}
		}
		if err := s.Answer(in, testNow, testLoc); err != nil {
			t.Fatalf("Answer(%s, %+v): %v", p.Item.ID, in, err)
		}
	}
	sub, err := s.Submit()
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	want := []Finding{
		{ItemID: "FS-05", Question: tpl.Item("FS-05").Text, Theme: "消防安全", Department: "消防救援", Severity: SeveritySerious,
			LegalBasis: tpl.Item("FS-05").LegalBasis, Answer: "否", Photos: []string{"media-FS-05"}},
		{ItemID: "GS-02", Question: tpl.Item("GS-02").Text, Theme: "燃气安全", Department: "住建", Severity: SeveritySerious,
			LegalBasis: tpl.Item("GS-02").LegalBasis, Answer: "否", Photos: []string{"media-GS-02"}},
	}
	if diff := cmp.Diff(want, sub.Findings); diff != "" {
		t.Errorf("Findings mismatch (-want +got):\n%s", diff)
	}
	if len(sub.Compliant) < 40 {
		t.Errorf("Compliant has %d items, want the rest of a restaurant's checklist", len(sub.Compliant))
	}
	for _, a := range sub.Answers {
		if a.ItemID == "GS-10" {
			return // 8 cylinders x 15 kg > 100 kg asks for a cylinder room.
		}
	}
	t.Errorf("GS-10 was not asked with 8 LPG cylinders")
}

func TestResumeSessionWrongVersion(t *testing.T) {
	tpl := loadAll(t)["followup"]
	data, err := json.Marshal(NewSession(tpl, Subject{}))
	if err != nil {
		t.Fatal(err)
	}
	other, err := Parse("followup.yaml", append(append([]byte(nil), tpl.Source...), []byte("\n# edited\n")...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ResumeSession(other, data); err == nil {
		t.Errorf("ResumeSession on another version = nil error, want refusal")
	}
	if _, err := ResumeSession(tpl, []byte("{")); err == nil {
		t.Errorf("ResumeSession on bad JSON = nil error")
	}
}
