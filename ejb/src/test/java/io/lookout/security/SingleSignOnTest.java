package io.lookout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which provider groups make an admin, and when single sign-on is on. */
class SingleSignOnTest {

    @Test
    void anAdminGroupMakesAnAdminAndAnythingElseAMember() {
        Set<String> admins = SingleSignOn.parseGroups("lookout-admins, ops");
        assertEquals(Set.of(Roles.ADMIN), SingleSignOn.rolesFor(List.of("staff", "ops"), admins));
        assertEquals(Set.of(Roles.MEMBER), SingleSignOn.rolesFor(List.of("staff"), admins));
        assertEquals(Set.of(Roles.MEMBER), SingleSignOn.rolesFor(List.of(), admins));
        // group names are compared exactly: no prefixes, no letter case games
        assertEquals(Set.of(Roles.MEMBER), SingleSignOn.rolesFor(List.of("Lookout-Admins", "lookout-admin"), admins));
    }

    @Test
    void withoutAdminGroupsNobodyBecomesAdminByAGroup() {
        Set<String> none = SingleSignOn.parseGroups("");
        assertTrue(none.isEmpty());
        assertEquals(Set.of(Roles.MEMBER), SingleSignOn.rolesFor(List.of("admin", ""), none));
        assertEquals(Set.of("a", "b"), SingleSignOn.parseGroups(" a ,, b ,"));
    }

    @Test
    void singleSignOnIsOnWithAnIssuerOnly() {
        SingleSignOn sso = new SingleSignOn();
        sso.issuer = Optional.empty();
        assertFalse(sso.isEnabled());
        sso.issuer = Optional.of("  ");
        assertFalse(sso.isEnabled());
        sso.issuer = Optional.of("https://sso.example.com/realms/x/");
        assertTrue(sso.isEnabled());
        assertEquals("https://sso.example.com/realms/x", sso.getIssuer());
    }

    @Test
    void refusalsNameTheirLoginPageMessages() {
        assertEquals("login.sso.refused.local", SingleSignOn.Refusal.LOCAL.messageKey());
        assertEquals("login.sso.refused.unknown", SingleSignOn.Refusal.UNKNOWN.messageKey());
        assertEquals("login.sso.refused.name", SingleSignOn.Refusal.NAME.messageKey());
    }
}
