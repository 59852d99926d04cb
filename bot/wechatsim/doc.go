// Package wechatsim is a stand-in for the WeChat Official Account API, faked
// on the wire: tests start one per test binary (the SDK's HTTP client is
// process-wide) and point WECHAT_API_BASE at its URL, and the demo mode's
// simulator serves it under /simulator/api. It records every request so tests
// can compare what it received with what they expected, and it keeps the
// media uploaded through the simulator so the bot can fetch them.
package wechatsim
