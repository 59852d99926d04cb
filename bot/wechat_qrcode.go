package bot

import (
	"context"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/basic"
)

// qrTicket asks /cgi-bin/qrcode/create for a temporary QR code with a string
// scene, valid for ttl (WeChat allows 30 days at most).
func (a *API) qrTicket(ctx context.Context, scene string, ttl time.Duration) (*basic.Ticket, error) {
	req := &basic.Request{ExpireSeconds: int64(ttl / time.Second), ActionName: "QR_STR_SCENE"}
	req.ActionInfo.Scene.SceneStr = scene
	var t basic.Ticket
	if err := a.post(ctx, "qrcode create", "/cgi-bin/qrcode/create", req, &t); err != nil {
		return nil, err
	}
	return &t, nil
}
