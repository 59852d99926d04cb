// Package bot is the WeChat channel: the Official Account's webhook with its
// three crypto modes and durable dedupe, the channel-agnostic conversation
// engine, outbound messages and their outbox, and the access-token cache. Message
// texts come in an fs.FS handed to New. bot imports models and scoring only.
package bot
