package questionnaire

import (
	"errors"
	"reflect"
	"regexp"
	"strings"

	"github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	zhtrans "github.com/go-playground/validator/v10/translations/zh"

	"selfcheck/models/uscc"
)

var mobilePattern = regexp.MustCompile(`^1[3-9]\d{9}$`)

// Validator checks payloads from the API and the dashboard with
// validator/v10 and reports problems in Chinese. Build it once with
// NewValidator; it is safe for concurrent use.
type Validator struct {
	v     *validator.Validate
	trans ut.Translator
}

// NewValidator builds a Validator with the zh translations and the custom
// tags uscc (统一社会信用代码 with a correct check character) and mobile
// (mainland mobile number, 1[3-9] and 9 more digits). Field names in
// messages come from a `label` struct tag, else the json name.
func NewValidator() (*Validator, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		if l := f.Tag.Get("label"); l != "" {
			return l
		}
		return jsonName(f)
	})
	if err := v.RegisterValidation("uscc", func(fl validator.FieldLevel) bool {
		return uscc.Valid(uscc.Normalize(fl.Field().String()))
	}); err != nil {
		return nil, err
	}
	if err := v.RegisterValidation("mobile", func(fl validator.FieldLevel) bool {
		return mobilePattern.MatchString(fl.Field().String())
	}); err != nil {
		return nil, err
	}
	uni := ut.New(zh.New())
	trans, _ := uni.GetTranslator("zh")
	if err := zhtrans.RegisterDefaultTranslations(v, trans); err != nil {
		return nil, err
	}
	custom := map[string]string{
		"uscc":   "{0}不是有效的统一社会信用代码（应为18位，且校验位正确）",
		"mobile": "{0}不是有效的手机号码（应为11位，以13-19开头）",
	}
	for tag, text := range custom {
		err := v.RegisterTranslation(tag, trans,
			func(ut ut.Translator) error { return ut.Add(tag, text, true) },
			func(ut ut.Translator, fe validator.FieldError) string {
				s, _ := ut.T(fe.Tag(), fe.Field())
				return s
			})
		if err != nil {
			return nil, err
		}
	}
	return &Validator{v: v, trans: trans}, nil
}

// FieldError is one invalid field: its JSON path and a Chinese message.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every invalid field of a payload.
type ValidationError struct {
	Fields []FieldError `json:"fields"`
}

// Error joins the messages; each is safe to show.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Message
	}
	return strings.Join(msgs, "；")
}

// Map returns field path -> message, for JSON error bodies.
func (e *ValidationError) Map() map[string]string {
	m := make(map[string]string, len(e.Fields))
	for _, f := range e.Fields {
		m[f.Field] = f.Message
	}
	return m
}

// Struct validates s (a struct or pointer to one). Field problems come back
// as *ValidationError; anything else (a non-struct) is returned wrapped.
func (v *Validator) Struct(s any) error {
	err := v.v.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	root := reflect.TypeOf(s)
	out := &ValidationError{}
	for _, fe := range verrs {
		out.Fields = append(out.Fields, FieldError{Field: jsonPath(root, fe.StructNamespace()), Message: fe.Translate(v.trans)})
	}
	return out
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return f.Name
	}
	return name
}

// jsonPath turns "Payload.Answers[0].ItemID" into "answers[0].item_id".
func jsonPath(t reflect.Type, ns string) string {
	parts := strings.Split(ns, ".")[1:]
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		name, index, _ := strings.Cut(p, "[")
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		seg := name
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(name); ok {
				seg = jsonName(f)
				t = f.Type
			} else {
				t = nil
			}
		}
		if index != "" {
			seg += "[" + index
		}
		out = append(out, seg)
	}
	return strings.Join(out, ".")
}
