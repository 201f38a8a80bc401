package io.lookout.security;

import jakarta.enterprise.context.RequestScoped;

/**
 * Where the current request comes from, for the audit log: the client's address and, when it was
 * authenticated by an API token, the token's name. Filled by the web module for each request;
 * empty in timers and message consumers.
 */
@RequestScoped
public class RequestOrigin {

    private String address;
    private String token;

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    /** The name of the API token that authenticated the request; {@code null}: none. */
    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }
}
