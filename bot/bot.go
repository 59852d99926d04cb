package bot

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"selfcheck/models"
)

// Config is the Official Account's settings.
type Config struct {
	AppID     string
	AppSecret string
	Token     string
	// AESKey is the EncodingAESKey; set means safe mode is available.
	AESKey string
	// APIBase is where outbound calls go (WECHAT_API_BASE).
	APIBase string
}

// Bot serves the Official Account's server URL.
type Bot struct {
	cfg      Config
	store    *models.Store
	messages fs.FS

	// Now is the clock; it defaults to time.Now.
	Now func() time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// New returns a Bot on store, with chat texts from messages.
func New(cfg Config, store *models.Store, messages fs.FS) *Bot {
	return &Bot{cfg: cfg, store: store, messages: messages, Now: time.Now, Logger: slog.Default()}
}

// ServeHTTP handles GET (URL verification) and POST (messages) on /wechat.
func (b *Bot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !validSignature(b.cfg.Token, q.Get("signature"), q.Get("timestamp"), q.Get("nonce")) {
		http.Error(w, "invalid signature", http.StatusForbidden)
		return
	}
	switch r.Method {
	case http.MethodGet:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(q.Get("echostr")))
	case http.MethodPost:
		// Conversations arrive with the inbound channel; until then every
		// verified message is acknowledged so WeChat does not retry it.
		w.Write([]byte("success"))
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}
