package web

import (
	"os"
	"testing"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// TestAnswerText reads stored answers for people, typed JSON values and the
// bare scalars generated rows keep alike.
func TestAnswerText(t *testing.T) {
	s := &Server{items: map[string]itemInfo{"GS-01": {text: "燃气报警器"}}}
	yesno := &questionnaire.Item{ID: "Q1", Type: questionnaire.TypeYesNo, Text: "是否安装燃气报警器？"}
	count := &questionnaire.Item{ID: "Q2", Type: questionnaire.TypeInteger, Text: "灭火器数量", Unit: "具"}
	area := &questionnaire.Item{ID: "Q3", Type: questionnaire.TypeDecimal, Text: "经营面积", Unit: "平方米"}
	kind := &questionnaire.Item{ID: "Q4", Type: questionnaire.TypeSingle, Text: "用气类型",
		Choices: []questionnaire.Choice{{Name: "lpg", Label: "瓶装液化气"}, {Name: "pipe", Label: "管道燃气"}}}
	day := &questionnaire.Item{ID: "Q5", Type: questionnaire.TypeDate, Text: "最近一次检测日期"}
	for _, tc := range []struct {
		name, raw, want string
		item            *questionnaire.Item
	}{
		{"YesNoJSON", `{"type":"yesno","bool":false}`, "否", yesno},
		{"YesNoBare", `true`, "是", yesno},
		{"IntegerUnit", `{"type":"integer","int":3}`, "3具", count},
		{"IntegerBare", `4`, "4具", count},
		{"DecimalUnit", `{"type":"decimal","float":35.5}`, "35.5平方米", area},
		{"ChoiceLabel", `{"type":"single","choices":["pipe"]}`, "管道燃气", kind},
		{"ChoiceBare", `"lpg"`, "瓶装液化气", kind},
		{"Date", `{"type":"date","text":"2026-11-02"}`, "2026-11-02", day},
		{"UnknownItem", `false`, "否", nil},
		{"NotJSON", `abc`, "abc", yesno},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := "GS-01"
			if tc.item != nil {
				id = tc.item.ID
			}
			_, got := s.itemAnswer(tc.item, id, tc.raw)
			if got != tc.want {
				t.Errorf("answerText(%s) = %q, want %q", tc.raw, got, tc.want)
			}
		})
	}
}

// TestLabelExplanation puts rule labels in the plain-text explanation.
func TestLabelExplanation(t *testing.T) {
	l, err := models.LoadLabels(os.DirFS("../../templates"), "labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{labels: l}
	in := "  基础分 +700.00分 [base]\n  2026-01-05 自查自报不实 -30.00分，2028-01-05到期 [false_report.一般.B #12]\n"
	want := "  基础分 +700.00分 ［基础分］\n  2026-01-05 自查自报不实 -30.00分，2028-01-05到期 ［自查自报不实（一般隐患，填报时B级），事件#12］\n"
	if got := s.labelExplanation(in); got != want {
		t.Errorf("labelExplanation = %q, want %q", got, want)
	}
}
