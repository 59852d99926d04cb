// Package wechatsim is a strict stand-in for the WeChat Official Account
// API, faked on the wire: a test starts its own Server and points the bot's
// API base (WECHAT_API_BASE) at its URL, and the demo mode's simulator serves
// one under /simulator/api. It enforces the platform's rules that a service
// can hit and answers with the platform's error codes: token lifetime,
// daily fetch quota and IP allow-list; template ids, keyword value types and
// daily quotas; the customer-service window and its quotas; followers;
// menu limits; temporary media expiry; QR code scene and expiry limits; the
// size of a passive reply.
//
// All state, the clock included, belongs to one Server: tests cannot leak
// into each other. Every request is recorded, and every refusal too, so a
// test can assert that the service sent nothing the platform would refuse:
// len(sim.Refused()) == 0.
//
// Where the platform's documentation leaves a detail open, the stand-in
// takes the stricter reading: the IP allow-list (40164) is checked on the
// token endpoints; an expire_seconds over 30 days is refused (40097) rather
// than capped; a template message to an openid the account never saw is
// 40003 and to one that unfollowed 43004; the customer-service quotas
// (5 per user message, 3 within a minute of a subscribe, scan or click)
// follow long-standing community answers. Only click and view menu
// buttons are taken. Error messages keep the platform's wording without
// its trailing "rid: ..." request id.
package wechatsim
