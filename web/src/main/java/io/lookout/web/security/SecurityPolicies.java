package io.lookout.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The pages' Content-Security-Policy for PrimeFaces' CSP mode: web.xml's
 * {@code primefaces.CSP_POLICY} is {@code #{securityPolicies.pages}}, and PrimeFaces sends it with
 * the page's nonce appended to the last directive, {@code script-src}.
 */
@Named
@ApplicationScoped
public class SecurityPolicies {

    /** @return the pages' policy without its nonce */
    public String getPages() {
        return ContentSecurityPolicy.PAGES.header();
    }
}
