package bot

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/goccy/go-yaml"
)

// textsFile is where the chat texts live inside the templates directory.
const textsFile = "messages/bot.yaml"

// texts are the chat's user-facing strings by key. A text may hold
// placeholders written {name}, filled by say.
type texts map[string]string

func loadTexts(fsys fs.FS) (texts, error) {
	src, err := fs.ReadFile(fsys, textsFile)
	if err != nil {
		return nil, fmt.Errorf("read chat texts: %w", err)
	}
	var t texts
	if err := yaml.UnmarshalWithOptions(src, &t, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("parse %s: %w", textsFile, err)
	}
	for _, k := range requiredTexts {
		if strings.TrimSpace(t[k]) == "" {
			return nil, fmt.Errorf("%s: text %q is missing", textsFile, k)
		}
	}
	return t, nil
}

// say returns the text for key with {name} placeholders replaced by the
// values of kv (name, value, name, value ...).
func (t texts) say(key string, kv ...string) string {
	s, ok := t[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(kv) == 0 {
		return strings.TrimRight(s, "\n")
	}
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "{"+kv[i]+"}", kv[i+1])
	}
	return strings.TrimRight(strings.NewReplacer(pairs...).Replace(s), "\n")
}

// requiredTexts lists every key the code uses; loadTexts refuses a file
// that lacks one.
var requiredTexts = []string{
	"welcome", "help", "help_short", "unsupported", "busy", "cancelled",
	"bind_ask_uscc", "bind_bad_uscc", "bind_ask_code", "bind_ok", "bind_already", "bind_scan_ok", "bind_failed",
	"need_binding",
	"check_none", "check_start", "check_paused", "check_submitted", "check_photo_saved", "check_text_expected",
	"check_hazard_ticket", "check_resume", "check_others", "check_list", "check_list_bad", "check_list_ambiguous",
	"check_more_tasks", "due_by", "due_overdue", "due_none",
	"hazard_ask_note", "hazard_ask_photo", "hazard_noted", "hazard_photo_saved",
	"report_ask_category", "report_bad_category", "report_ask_description", "report_description_short",
	"report_description_long", "report_ask_photos", "report_photo_saved", "report_photo_limit",
	"report_ask_location", "report_ask_enterprise", "report_done", "report_need_text",
	"progress_none", "progress_header", "progress_line", "progress_pick", "progress_detail", "progress_detail_more",
	"credit_pending", "credit_header", "credit_reasons", "credit_raise",
	"rectify_none", "rectify_list", "rectify_bad_choice", "rectify_bad_action", "rectify_ask_action", "rectify_ask_fix",
	"rectify_ask_defer", "rectify_fix_photo", "rectify_done_fix", "rectify_done_defer", "rectify_need_text",
	"register_ask_street", "register_ask_community", "register_bad_choice", "register_done", "register_unavailable",
	"household_need_register",
	"number_expected", "text_too_long", "more_hint", "more_none",
}

// labelsFile is the one vocabulary of codes and report categories inside
// the templates directory.
const labelsFile = "labels.yaml"
