package bot

import (
	"context"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// sendTemplate sends a template message with clientMsgID as its
// client_msg_id: WeChat drops a repeat of the same id to the same user
// within ten minutes, which makes a resend after a crash harmless.
func (a *API) sendTemplate(ctx context.Context, openID, clientMsgID string, t *templateBody) error {
	msg := &message.TemplateMessage{ToUser: openID, TemplateID: t.ID, URL: t.URL, ClientMsgID: clientMsgID,
		Data: make(map[string]*message.TemplateDataItem, len(t.Data))}
	for k, v := range t.Data {
		msg.Data[k] = &message.TemplateDataItem{Value: v}
	}
	return a.post(ctx, "template send", "/cgi-bin/message/template/send", msg, nil)
}

// sendText sends a customer-service text message; WeChat accepts it only
// within 48 hours of the user's last message.
func (a *API) sendText(ctx context.Context, openID, text string) error {
	return a.post(ctx, "custom send", "/cgi-bin/message/custom/send", message.NewCustomerTextMessage(openID, text), nil)
}
