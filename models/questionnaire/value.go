package questionnaire

import (
	"strconv"
	"strings"
	"time"
)

// Location is a point sent from the chat (WeChat location message) or the
// dashboard.
type Location struct {
	Lat   float64 `json:"lat" validate:"latitude"`
	Lon   float64 `json:"lon" validate:"longitude"`
	Label string  `json:"label,omitempty" validate:"max=200"`
}

// Input is one message from the user: text, a photo reference (WeChat media
// id or stored photo key) or a location. Exactly one is expected to be set.
type Input struct {
	Text     string    `json:"text,omitempty"`
	PhotoRef string    `json:"photo_ref,omitempty"`
	Location *Location `json:"location,omitempty"`
}

// Value is a typed answer. Which field is set follows Type: Bool for yesno,
// Choices for single and multi (names, in choice order), Int for integer,
// Float for decimal, Text for text and date (YYYY-MM-DD), Photos for photo,
// Location for location, Calc for calculations.
type Value struct {
	Type     Type      `json:"type"`
	Bool     *bool     `json:"bool,omitempty"`
	Choices  []string  `json:"choices,omitempty"`
	Int      *int64    `json:"int,omitempty"`
	Float    *float64  `json:"float,omitempty"`
	Text     string    `json:"text,omitempty"`
	Photos   []string  `json:"photos,omitempty"`
	Location *Location `json:"location,omitempty"`
	Calc     any       `json:"calc,omitempty"`
}

// Answer is one stored answer: the typed value, the raw text as typed, the
// evidence photos attached to it and when it was given. Sessions keep one
// per item, so the caller can persist each as it arrives.
type Answer struct {
	ItemID string    `json:"item_id"`
	Value  Value     `json:"value"`
	Raw    string    `json:"raw,omitempty"`
	Photos []string  `json:"photos,omitempty"`
	At     time.Time `json:"at"`
}

// env converts v to what expressions see; a value of the wrong shape reads
// as the zero value of t.
func (v Value) env(t Type) any {
	switch t {
	case TypeYesNo:
		if v.Bool != nil {
			return *v.Bool
		}
	case TypeSingle:
		if len(v.Choices) > 0 {
			return v.Choices[0]
		}
	case TypeMulti:
		if v.Choices != nil {
			return append([]string(nil), v.Choices...)
		}
	case TypeInteger:
		if v.Int != nil {
			return int(*v.Int)
		}
	case TypeDecimal:
		if v.Float != nil {
			return *v.Float
		}
	case TypeText, TypeDate:
		return v.Text
	case TypePhoto:
		if len(v.Photos) > 0 {
			return v.Photos[0]
		}
	case TypeLocation:
		if v.Location != nil {
			return LocationEnv{Lat: v.Location.Lat, Lon: v.Location.Lon, Label: v.Location.Label}
		}
	case TypeCalculate:
		return v.Calc
	}
	return zeroOf(t)
}

// Display renders v for people, using the item's choice labels and unit.
func (it *Item) Display(v Value) string {
	switch it.Type {
	case TypeYesNo:
		if v.Bool == nil {
			return ""
		}
		if *v.Bool {
			return "是"
		}
		return "否"
	case TypeSingle, TypeMulti:
		labels := make([]string, len(v.Choices))
		for i, c := range v.Choices {
			labels[i] = it.ChoiceLabel(c)
		}
		return strings.Join(labels, "、")
	case TypeInteger:
		if v.Int == nil {
			return ""
		}
		return strconv.FormatInt(*v.Int, 10) + it.Unit
	case TypeDecimal:
		if v.Float == nil {
			return ""
		}
		return strconv.FormatFloat(*v.Float, 'f', -1, 64) + it.Unit
	case TypePhoto:
		return "照片" + strconv.Itoa(len(v.Photos)) + "张"
	case TypeLocation:
		if v.Location == nil {
			return ""
		}
		if v.Location.Label != "" {
			return v.Location.Label
		}
		return strconv.FormatFloat(v.Location.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(v.Location.Lon, 'f', 6, 64)
	case TypeCalculate:
		if v.Calc == nil {
			return ""
		}
		return toString(v.Calc)
	default:
		return v.Text
	}
}

func toString(x any) string {
	switch t := x.(type) {
	case string:
		return t
	case bool:
		return strconv.FormatBool(t)
	case int:
		return strconv.Itoa(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	default:
		return ""
	}
}

func boolPtr(b bool) *bool    { return &b }
func int64Ptr(i int64) *int64 { return &i }
