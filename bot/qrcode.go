package bot

import (
	"context"
	"fmt"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// MaxQRLifetime is the longest a temporary QR code lives (30 days).
const MaxQRLifetime = 30 * 24 * time.Hour

// BindQR is a firm's binding QR code: scanning it follows the account (or,
// for a follower, sends a SCAN event) with the one-time bind code as the
// scene, which binds the scanner to the firm.
type BindQR struct {
	// Ticket is WeChat's ticket; its image is also at
	// https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=TICKET.
	Ticket string
	// URL is what the QR code encodes.
	URL string
	// Expires is when WeChat stops honouring the code.
	Expires time.Time
	// PNG is the code rendered locally from URL.
	PNG []byte
}

// BindQR creates a parametric QR code whose scene is the one-time bind code
// code, valid for ttl (capped at MaxQRLifetime), and renders it as a PNG
// of size pixels (512 when 0).
func (a *API) BindQR(ctx context.Context, code string, ttl time.Duration, size int) (*BindQR, error) {
	ttl = min(ttl, MaxQRLifetime)
	if size <= 0 {
		size = 512
	}
	t, err := a.qrTicket(ctx, code, ttl)
	if err != nil {
		return nil, err
	}
	if t.URL == "" {
		return nil, fmt.Errorf("wechat qrcode create: answer without url")
	}
	png, err := qrcode.Encode(t.URL, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("render qr code: %w", err)
	}
	return &BindQR{Ticket: t.Ticket, URL: t.URL, Expires: time.Now().Add(time.Duration(t.ExpireSeconds) * time.Second), PNG: png}, nil
}
