package bot

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestBindQR: the firm's QR code carries its bind code as the scene, and a
// scan (subscribe with qrscene_, or SCAN) binds the scanner.
func TestBindQR(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		now := testNow
		b := newTestBot(t, s, &now)
		for _, event := range []string{EventSubscribe, EventScan} {
			e := modelstest.Enterprise(t, s, nil)
			code, err := s.CreateBindCode(ctx, e.ID, 72*time.Hour, "test")
			if err != nil {
				t.Fatal(err)
			}
			qr, err := newTestAPI(sim).BindQR(ctx, code, 72*time.Hour, 256)
			if err != nil {
				t.Fatal(err)
			}
			if scene, ok := sim.QRScene(qr.Ticket); !ok || scene != code {
				t.Fatalf("scene of ticket = %q, %v, want the bind code %q", scene, ok, code)
			}
			img, err := png.Decode(bytes.NewReader(qr.PNG))
			if err != nil || img.Bounds().Dx() != 256 {
				t.Fatalf("QR PNG: %v", err)
			}
			openID := openIDPrefix(t) + event
			// What parseMessage makes of the event (qrscene_ stripped).
			out, err := b.Handle(ctx, Inbound{OpenID: openID, Kind: KindEvent, Event: event, Key: code, Time: now})
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 1 || !strings.Contains(out[0].Text, e.Name) {
				t.Errorf("%s reply = %+v, want the scan-bound text naming %s", event, out, e.Name)
			}
			u, _ := s.WechatUserByOpenID(ctx, openID)
			bound, _ := s.BoundEnterprises(ctx, u.ID)
			if len(bound) != 1 || bound[0].ID != e.ID {
				t.Errorf("%s: bound to %+v, want %s", event, bound, e.Name)
			}
		}
	})
}
