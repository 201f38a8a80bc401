package io.lookout.alerts;

import java.util.Locale;

/** An e-mail recipient and the language of the mail they get (English or German). */
public record Recipient(String address, Locale language) {}
