package questionnaire

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidator(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	ok := SubmissionPayload{Template: "enterprise", USCC: "91440606722473344C", Contact: "13800138000",
		Answers: []AnswerPayload{{ItemID: "FS-05", Value: true}}}
	tests := []struct {
		name string
		give func(p *SubmissionPayload)
		want map[string]string
	}{
		{name: "OK", give: func(*SubmissionPayload) {}},
		{name: "ErrUSCC", give: func(p *SubmissionPayload) { p.USCC = "91440606722473344D" },
			want: map[string]string{"uscc": "统一社会信用代码不是有效的统一社会信用代码（应为18位，且校验位正确）"}},
		{name: "ErrMobile", give: func(p *SubmissionPayload) { p.Contact = "12800138000" },
			want: map[string]string{"contact": "联系人手机不是有效的手机号码（应为11位，以13-19开头）"}},
		{name: "ErrRequired", give: func(p *SubmissionPayload) { p.Template = ""; p.Answers = nil },
			want: map[string]string{"template": "问卷为必填字段", "answers": "答案列表为必填字段"}},
		{name: "ErrNested", give: func(p *SubmissionPayload) { p.Answers = []AnswerPayload{{Value: "是"}} },
			want: map[string]string{"answers[0].item_id": "题目编号为必填字段"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := ok
			p.Answers = append([]AnswerPayload(nil), ok.Answers...)
			tc.give(&p)
			err := v.Struct(p)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Struct(%+v): %v", p, err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Struct = %v, want *ValidationError", err)
			}
			if diff := cmp.Diff(tc.want, ve.Map()); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPayloadValue(t *testing.T) {
	tpls := loadAll(t)
	tests := []struct {
		name   string
		slug   string
		give   AnswerPayload
		others []Answer
		want   Value
		isErr  bool
	}{
		{name: "Bool", slug: "enterprise", give: AnswerPayload{ItemID: "FS-05", Value: false}, want: Value{Type: TypeYesNo, Bool: boolPtr(false)}},
		{name: "ChatText", slug: "enterprise", give: AnswerPayload{ItemID: "FS-05", Value: "没有"}, want: Value{Type: TypeYesNo, Bool: boolPtr(false)}},
		{name: "Number", slug: "enterprise", give: AnswerPayload{ItemID: "employees", Value: 12.0}, want: Value{Type: TypeInteger, Int: int64Ptr(12)}},
		{name: "MultiList", slug: "household", give: AnswerPayload{ItemID: "vulnerable", Value: []any{"child", 1.0}},
			want: Value{Type: TypeMulti, Choices: []string{"elderly", "child"}}},
		{name: "Location", slug: "rental", give: AnswerPayload{ItemID: "place", Value: map[string]any{"lat": 23.0, "lon": 113.1}},
			want: Value{Type: TypeLocation, Location: &Location{Lat: 23, Lon: 113.1}}},
		{name: "Photo", slug: "rental", give: AnswerPayload{ItemID: "corridor_photo", PhotoRef: "p/1.jpg"}, want: Value{Type: TypePhoto, Photos: []string{"p/1.jpg"}}},
		{name: "ErrConstraint", slug: "rental", give: AnswerPayload{ItemID: "tenants", Value: 50.0},
			others: []Answer{{ItemID: "rooms", Value: Value{Type: TypeInteger, Int: int64Ptr(2)}}}, isErr: true},
		{name: "ErrUnknownItem", slug: "rental", give: AnswerPayload{ItemID: "nope", Value: "是"}, isErr: true},
		{name: "ErrFraction", slug: "enterprise", give: AnswerPayload{ItemID: "employees", Value: 1.5}, isErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tpls[tc.slug].PayloadValue(tc.give, Subject{}, tc.others, testNow, testLoc)
			if tc.isErr {
				if _, ok := err.(*InputError); !ok {
					t.Fatalf("PayloadValue(%+v) = %+v, %v, want *InputError", tc.give, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("PayloadValue(%+v): %v", tc.give, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("PayloadValue mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
