package questionnaire

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AnswerPayload is one answer sent through the API or the dashboard. Value
// is the JSON value as received: a string typed like in chat, a boolean, a
// number, a list of choice names or numbers, or {"lat","lon","label"} for a
// location; PhotoRef carries a stored photo for photo items.
type AnswerPayload struct {
	ItemID   string `json:"item_id" label:"题目编号" validate:"required,max=64"`
	Value    any    `json:"value" label:"答案"`
	PhotoRef string `json:"photo_ref,omitempty" label:"照片" validate:"omitempty,max=256"`
}

// SubmissionPayload is a whole questionnaire answered from the dashboard on
// behalf of a firm.
type SubmissionPayload struct {
	Template string          `json:"template" label:"问卷" validate:"required,max=64"`
	USCC     string          `json:"uscc" label:"统一社会信用代码" validate:"required,uscc"`
	Contact  string          `json:"contact,omitempty" label:"联系人手机" validate:"omitempty,mobile"`
	Answers  []AnswerPayload `json:"answers" label:"答案列表" validate:"required,min=1,max=1000,dive"`
}

// PayloadValue converts a payload to a typed answer for its item with the
// same normalization as chat, constraint included when the template has one
// (evaluated against the other answers given in others, which may be nil).
func (t *Template) PayloadValue(p AnswerPayload, subj Subject, others []Answer, now time.Time, loc *time.Location) (Value, error) {
	it := t.Item(p.ItemID)
	if it == nil {
		return Value{}, &InputError{ItemID: p.ItemID, Message: "题目“" + clip(p.ItemID, 20) + "”不存在。"}
	}
	in, err := payloadInput(it, p)
	if err != nil {
		return Value{}, err
	}
	answers := map[string]Answer{}
	for _, a := range others {
		if a.ItemID != it.ID {
			answers[a.ItemID] = a
		}
	}
	if loc != nil {
		now = now.In(loc)
	}
	return it.parse(in, now, loc, t.env(answers, subj, now.Format(DateLayout)))
}

// payloadInput renders a JSON value as the text a chat user would type.
func payloadInput(it *Item, p AnswerPayload) (Input, error) {
	if p.PhotoRef != "" {
		return Input{PhotoRef: p.PhotoRef}, nil
	}
	switch v := p.Value.(type) {
	case nil:
		return Input{}, nil
	case string:
		return Input{Text: v}, nil
	case bool:
		if v {
			return Input{Text: "是"}, nil
		}
		return Input{Text: "否"}, nil
	case float64:
		return Input{Text: strconv.FormatFloat(v, 'f', -1, 64)}, nil
	case json.Number:
		return Input{Text: v.String()}, nil
	case int:
		return Input{Text: strconv.Itoa(v)}, nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			s, err := payloadInput(it, AnswerPayload{Value: x})
			if err != nil || s.Text == "" || strings.Contains(s.Text, ",") {
				return Input{}, inputErr(it, "答案列表只能包含选项名称或编号。")
			}
			parts = append(parts, s.Text)
		}
		return Input{Text: strings.Join(parts, ",")}, nil
	case map[string]any:
		lat, okLat := v["lat"].(float64)
		lon, okLon := v["lon"].(float64)
		if !okLat || !okLon {
			return Input{}, inputErr(it, "位置需要包含 lat 和 lon 两个数字。")
		}
		label, _ := v["label"].(string)
		return Input{Location: &Location{Lat: lat, Lon: lon, Label: label}}, nil
	}
	return Input{}, inputErr(it, fmt.Sprintf("无法识别的答案格式（%T）。", p.Value))
}
