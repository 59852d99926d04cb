package bot

import (
	"context"
	"io/fs"
	"log/slog"
	"sync"
	"time"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
	"selfcheck/scoring"
)

// Config is the Official Account's settings and the reference data the
// conversations need.
type Config struct {
	AppID     string
	AppSecret string
	Token     string
	// AESKey is the EncodingAESKey; set means safe (and compatible) mode
	// requests can be decrypted.
	AESKey string
	// APIBase is where outbound calls go (WECHAT_API_BASE).
	APIBase string
	// Location is the service's time zone (SELFCHECK_TZ); nil means
	// Asia/Shanghai.
	Location *time.Location
	// District lists the streets and communities citizens pick from; nil
	// disables citizen registration.
	District *models.District
	// Calendar counts rectification deadlines in working days; nil counts
	// calendar days.
	Calendar *models.Calendar
	// RectifyDays is the deadline, in working days, of a finding a firm
	// reports in a self-check; 0 means 10.
	RectifyDays int
	// Explain scores a firm's ledger now with the parameters in force, for
	// 我的信用. nil falls back to the explanation stored with the latest
	// score, which bulk recomputes leave empty.
	Explain func(ctx context.Context, enterpriseID int64) (scoring.Result, error)
}

// Webhook limits from WeChat's contract.
const (
	// MaxBody is the largest request body accepted on /wechat.
	MaxBody = 64 << 10
	// ReplayWindow is how far a request's timestamp may be from now.
	ReplayWindow = 5 * time.Minute
	// ReplyBudget bounds the handling of one message: WeChat gives up after
	// 5 s and retries, so the reply must leave before that.
	ReplyBudget = 4 * time.Second
)

// Bot serves the Official Account's server URL and runs the conversations.
type Bot struct {
	cfg   Config
	store *models.Store
	texts texts
	// notices are the notice texts and the follow-up's replies.
	notices texts
	// labels are the Chinese words for codes and the report categories
	// (labels.yaml).
	labels *models.Labels

	templates sync.Map // questionnaire version id -> *questionnaire.Template
	batch     *batcher // group commit of inbound messages (engine.go)

	// Now is the clock; it defaults to time.Now.
	Now func() time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// New returns a Bot on store, with chat texts read from messages/*.yaml in
// messages (the templates directory) and the words for codes and the report
// categories from its labels.yaml. The texts ship embedded and a test
// reads every one, so a missing or broken file is a programming error: New
// panics then, like template.Must.
func New(cfg Config, store *models.Store, messages fs.FS) *Bot {
	t, err := loadTexts(messages)
	if err != nil {
		panic("bot: " + err.Error())
	}
	nt, err := loadNoticeTexts(messages)
	if err != nil {
		panic("bot: " + err.Error())
	}
	labels, err := models.LoadLabels(messages, labelsFile)
	if err != nil {
		panic("bot: " + err.Error())
	}
	if cfg.Location == nil {
		cfg.Location, _ = time.LoadLocation("Asia/Shanghai")
		if cfg.Location == nil {
			cfg.Location = time.FixedZone("CST", 8*3600)
		}
	}
	if cfg.RectifyDays == 0 {
		cfg.RectifyDays = 10
	}
	b := &Bot{cfg: cfg, store: store, texts: t, notices: nt, labels: labels, Now: time.Now, Logger: slog.Default()}
	b.batch = b.newBatcher()
	return b
}

// template returns the parsed questionnaire version, parsing it once.
func (b *Bot) template(v *models.QuestionnaireVersion) (*questionnaire.Template, error) {
	if t, ok := b.templates.Load(v.ID); ok {
		return t.(*questionnaire.Template), nil
	}
	t, err := questionnaire.Parse("version "+itoa64(v.ID), []byte(v.Source))
	if err != nil {
		return nil, err
	}
	b.templates.Store(v.ID, t)
	return t, nil
}
