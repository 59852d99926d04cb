package bot

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
)

// Topic names a kind of notice the product sends.
type Topic string

// The notices. Campaign notices (assigned, reminder) always go as template
// messages; the others go as customer-service messages while the user's
// 48-hour window is open and as template messages otherwise.
const (
	TopicAssigned         Topic = "selfcheck_assigned" // a self-check was pushed to the firm
	TopicReminder         Topic = "selfcheck_reminder" // its deadline is near
	TopicAccepted         Topic = "selfcheck_accepted" // the submission was accepted
	TopicReturned         Topic = "selfcheck_returned" // the submission was returned, with the reason
	TopicFindingDue       Topic = "finding_due"        // a finding must be rectified by a deadline
	TopicFindingListed    Topic = "finding_listed"     // a major hazard is under listed supervision (挂牌督办)
	TopicFindingOverdue   Topic = "finding_overdue"    // a rectification deadline passed
	TopicFindingNeglected Topic = "finding_neglected"  // long overdue and not rectified
	TopicFindingClosed    Topic = "finding_closed"     // a finding was closed (销号)
	TopicFixRejected      Topic = "fix_rejected"       // a reported fix was not accepted
	TopicVisitScheduled   Topic = "visit_scheduled"    // a re-visit is planned
	TopicDeferralDecided  Topic = "deferral_decided"   // a request for more time was decided
	TopicGradeDrop        Topic = "grade_drop"         // the grade falls to C or D, with the reasons
	TopicReportStatus     Topic = "report_status"      // a citizen report changed status
	TopicFollowup         Topic = "report_followup"    // 回访: how satisfied the reporter is
)

// TopicFields lists, per topic, the fields a Notice of that topic carries in
// Fields; texts and template mappings may use them as {name}. "firm" is the
// firm's name.
var TopicFields = map[Topic][]string{
	TopicAssigned:         {"firm", "title", "deadline"},
	TopicReminder:         {"firm", "title", "deadline", "days"},
	TopicAccepted:         {"firm", "title", "note"},
	TopicReturned:         {"firm", "title", "reason"},
	TopicFindingDue:       {"firm", "item", "severity", "deadline", "days"},
	TopicFindingListed:    {"firm", "item", "deadline"},
	TopicFindingOverdue:   {"firm", "item", "deadline"},
	TopicFindingNeglected: {"firm", "item"},
	TopicFindingClosed:    {"firm", "item", "result"},
	TopicFixRejected:      {"firm", "item", "reason", "deadline"},
	TopicVisitScheduled:   {"firm", "item", "date"},
	TopicDeferralDecided:  {"firm", "result", "reason", "deadline"},
	TopicGradeDrop:        {"firm", "from", "grade", "score", "reasons", "effective"},
	TopicReportStatus:     {"ticket", "category", "status", "note"},
	TopicFollowup:         {"ticket", "category"},
}

// campaignTopic reports whether a topic is a campaign notice, always sent as
// a template message.
func campaignTopic(t Topic) bool { return t == TopicAssigned || t == TopicReminder }

// Notice is one thing to tell users: a topic, what it is about, who gets it
// and the values of its fields. Enqueue turns it into one outbox message per
// recipient.
type Notice struct {
	Topic Topic
	// Ref names what the notice is about, so that the same notice enqueued
	// twice is sent once, as "assignment:12" or "report:JB20261127-0001:closed".
	// Notices meant to repeat (a second reminder) need distinct refs, as
	// "assignment:12:3d".
	Ref string
	// EnterpriseID, when OpenIDs is empty, sends to the firm's bound users.
	EnterpriseID int64
	// OpenIDs are explicit recipients (a report's reporter).
	OpenIDs []string
	// CampaignID ties a campaign's notices together for counting.
	CampaignID int64
	// Fields are the values named in TopicFields.
	Fields map[string]string
	// Path is a link under PUBLIC_BASE_URL that a template message opens.
	Path string
}

// noticeTextsFile holds the customer-service texts of the notices and the
// follow-up's chat replies.
const noticeTextsFile = "messages/notices.yaml"

// followupTexts are the chat replies of the follow-up (回访).
var followupTexts = []string{"followup_thanks", "followup_low", "followup_bad_answer"}

func loadNoticeTexts(fsys fs.FS) (texts, error) {
	src, err := fs.ReadFile(fsys, noticeTextsFile)
	if err != nil {
		return nil, fmt.Errorf("read notice texts: %w", err)
	}
	var t texts
	if err := yaml.UnmarshalWithOptions(src, &t, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("parse %s: %w", noticeTextsFile, err)
	}
	var errs []error
	for topic, fields := range TopicFields {
		s := t[string(topic)]
		if strings.TrimSpace(s) == "" {
			errs = append(errs, fmt.Errorf("%s: text %q is missing", noticeTextsFile, topic))
		}
		for _, name := range placeholders(s) {
			if !slices.Contains(fields, name) {
				errs = append(errs, fmt.Errorf("%s: text %q uses {%s}, which %s notices do not carry", noticeTextsFile, topic, name, topic))
			}
		}
	}
	for _, k := range followupTexts {
		if strings.TrimSpace(t[k]) == "" {
			errs = append(errs, fmt.Errorf("%s: text %q is missing", noticeTextsFile, k))
		}
	}
	return t, errors.Join(errs...)
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// placeholders returns the {name}s used in s.
func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// fill replaces the {name} placeholders of s with fields; unknown names are
// left empty.
func fill(s string, fields map[string]string) string {
	return strings.TrimRight(placeholder.ReplaceAllStringFunc(s, func(m string) string {
		return fields[m[1:len(m)-1]]
	}), "\n")
}
