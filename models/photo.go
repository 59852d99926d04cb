package models

import "time"

// Photo statuses: a photo arrives as a WeChat media id (pending) and a worker
// downloads it to DATA_DIR (stored) before the media id expires after three
// days, retrying with backoff (failed after too many tries).
const (
	PhotoPending = "pending"
	PhotoStored  = "stored"
	PhotoFailed  = "failed"
)

// Photo is an evidence photo sent in the chat. The photos table doubles as
// the download job queue: pending rows due at NextAttemptAt are the work.
type Photo struct {
	ID            int64
	MediaID       string
	Status        string
	SHA256        string `gorm:"column:sha256"`
	Size          int64
	ContentType   string
	Path          string
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	// UploadedBy is the chat user or dashboard user who sent the photo;
	// it never leaves the server, so that photos link to nobody.
	UploadedBy *int64 `json:"-"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Rectification kinds and statuses.
const (
	RectificationFix   = "fix"   // the firm reports the fix
	RectificationDefer = "defer" // the firm asks for more time

	RectificationPending  = "pending"
	RectificationAccepted = "accepted"
	RectificationRejected = "rejected"
)

// Rectification is a firm's answer to a finding: a reported fix with its
// photos, or a request to defer the deadline; a regulator decides it.
type Rectification struct {
	ID           int64
	FindingID    int64
	Kind         string
	Note         string
	Photos       string // comma-separated photo ids
	Status       string
	DecidedBy    string
	DecisionNote string
	CreatedAt    time.Time
	DecidedAt    *time.Time
}
