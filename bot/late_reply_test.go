package bot

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// lateReplies returns the texts queued as late replies to openID.
func lateReplies(t *testing.T, s *models.Store, openID string) []string {
	t.Helper()
	var rows []models.OutboxMessage
	if err := s.DB().Where("topic = ? AND openid = ?", TopicLateReply, openID).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		var p payload
		if err := json.Unmarshal([]byte(r.Payload), &p); err != nil {
			t.Fatal(err)
		}
		if r.Kind != models.OutboxCustom {
			t.Errorf("late reply of kind %s, want custom", r.Kind)
		}
		out = append(out, p.Text)
	}
	return out
}

// TestLateReplyCommitted: the database is slowed by a lock the test holds
// on the message's dedupe key (MariaDB). The webhook answers empty at its
// budget instead of 系统繁忙; the message is handled once when the lock
// goes, its reply is queued as a customer-service message, and WeChat's
// retry gets the stored reply without handling it again.
func TestLateReplyCommitted(t *testing.T) {
	s := openStore(t, modelstest.NewURL(t, "mysql"))
	now := testNow
	b := newTestBot(t, s, &now)
	b.batch.wait = 200 * time.Millisecond
	srv := httptest.NewServer(b)
	defer srv.Close()
	in := Inbound{OpenID: "oLate1", MsgID: 77}
	lock := s.DB().Begin()
	if err := lock.Exec("INSERT INTO processed_messages (dedupe_key, created_at) VALUES (?, ?)", in.DedupeKey(), time.Now()).Error; err != nil {
		t.Fatal(err)
	}
	u := signedURL(srv.URL, now, nil)
	code, first := post(t, u, textXML("oLate1", 77, "我要举报"))
	if code != 200 || first != "success" {
		lock.Rollback()
		t.Fatalf("answer while the database is held: %d %q, want success", code, first)
	}
	if err := lock.Rollback().Error; err != nil {
		t.Fatal(err)
	}
	// WeChat's retry of the message (or the user's): it waits for the first
	// attempt, which commits now, and gets its stored reply.
	b.batch.wait = ReplyBudget
	_, retry := post(t, u, textXML("oLate1", 77, "我要举报"))
	if !strings.Contains(replyContent(t, retry), "请选择举报类别") {
		t.Errorf("retry answer %q, want the stored reply", retry)
	}
	if n := countProcessed(t, s); n != 1 {
		t.Errorf("processed %d messages, want 1", n)
	}
	late := lateReplies(t, s, "oLate1")
	if len(late) != 1 || !strings.Contains(late[0], "请选择举报类别") {
		t.Errorf("late replies %q, want the report flow's first question once", late)
	}
}

// TestLateReplyFailed: the batch is held past the budget and then fails
// (a store hook). The webhook answers empty, the user is told 系统繁忙 by a
// customer-service message because nothing was applied, and the message
// sent again is handled once.
func TestLateReplyFailed(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		b.batch.wait = 200 * time.Millisecond
		gate := make(chan struct{})
		var once sync.Once
		b.batch.before = func([]*job) error {
			var err error
			once.Do(func() {
				<-gate
				err = errors.New("database unavailable")
			})
			return err
		}
		srv := httptest.NewServer(b)
		defer srv.Close()
		u := signedURL(srv.URL, now, nil)
		if _, first := post(t, u, textXML("oLate2", 78, "我要举报")); first != "success" {
			t.Fatalf("answer while the database is held: %q, want success", first)
		}
		close(gate)
		b.batch.wait = ReplyBudget
		_, again := post(t, u, textXML("oLate2", 78, "我要举报"))
		if !strings.Contains(replyContent(t, again), "请选择举报类别") {
			t.Errorf("message sent again: %q, want it handled", again)
		}
		if n := countProcessed(t, s); n != 1 {
			t.Errorf("processed %d messages, want 1", n)
		}
		late := lateReplies(t, s, "oLate2")
		if len(late) != 1 || late[0] != b.texts.say("busy") {
			t.Errorf("late replies %q, want 系统繁忙 once", late)
		}
	})
}
