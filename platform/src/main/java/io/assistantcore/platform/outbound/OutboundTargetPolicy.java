package io.assistantcore.platform.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which URLs the platform may call on a tenant's behalf (server-side request forgery protection).
 *
 * <p>Only {@code http} and {@code https} URLs with a host and no user information; every address the host resolves
 * to must be public: loopback, "this network" (0/8), private (10/8, 172.16/12, 192.168/16), carrier-grade NAT
 * (100.64/10), link-local (169.254/16, where cloud metadata services live; fe80::/10), unique-local IPv6 (fc00::/7),
 * multicast and the unspecified address are refused, also in their IPv4-mapped IPv6 form. {@link #resolve} returns
 * the checked addresses so that a caller can connect to exactly what was checked.
 */
public class OutboundTargetPolicy {

    private final boolean allowPrivateTargets;

    public OutboundTargetPolicy(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
    }

    public boolean allowsPrivateTargets() {
        return allowPrivateTargets;
    }

    /** Checks the URL's form only (no name lookup): for validating a URL when it is registered. */
    public URI checkForm(String url) {
        if (url == null || url.isBlank()) {
            throw new OutboundTargetRefusedException("the URL is empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new OutboundTargetRefusedException("the URL is not valid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundTargetRefusedException("only http and https URLs can be called");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new OutboundTargetRefusedException("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundTargetRefusedException("the URL must not contain user information");
        }
        if (uri.getRawFragment() != null) {
            throw new OutboundTargetRefusedException("the URL must not contain a fragment");
        }
        return uri;
    }

    /**
     * For a URL being registered (a tool's endpoint, a webhook endpoint): why it could never be called, or empty.
     * Only what needs no name lookup is judged — a host that is a literal internal address or {@code localhost} —
     * since a name may resolve differently by the time it is called (then {@link #resolve} refuses it).
     */
    public java.util.Optional<String> neverCallable(String url) {
        if (allowPrivateTargets || url == null) {
            return java.util.Optional.empty();
        }
        String host;
        try {
            host = new URI(url.replaceAll("\\{[^{}/?#]*}", "x")).getHost();
        } catch (URISyntaxException e) {
            return java.util.Optional.empty();
        }
        if (host == null || host.isBlank()) {
            return java.util.Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        boolean internal;
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            internal = true;
        } else if (name.matches("[0-9.]+") || name.startsWith("[")) {
            try {
                // a literal address: parsed, never looked up
                internal = !isPublic(InetAddress.getByName(name.startsWith("[")
                        ? name.substring(1, name.length() - 1) : name));
            } catch (UnknownHostException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        } else {
            internal = false;
        }
        return internal ? java.util.Optional.of("the host is a private, loopback or link-local address, which the "
                + "platform does not call (an operator can allow it with assistant.outbound.allow-private-targets)")
                : java.util.Optional.empty();
    }

    /** Checks the URL and every address its host resolves to; returns those addresses. */
    public List<InetAddress> resolve(URI uri) {
        checkForm(uri.toString());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new OutboundTargetRefusedException("the host name cannot be resolved");
        }
        if (!allowPrivateTargets) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new OutboundTargetRefusedException(
                            "the host resolves to a private, loopback or link-local address, which the platform does "
                                    + "not call (assistant.outbound.allow-private-targets)");
                }
            }
        }
        return List.of(addresses);
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xFE) == 0xFC) {            // fc00::/7 unique local
                return false;
            }
            if ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xC0) == 0xC0) { // fec0::/10 site local (deprecated)
                return false;
            }
            if (isIpv4Mapped(bytes) || isIpv4Translated(bytes)) {
                byte[] v4 = {bytes[12], bytes[13], bytes[14], bytes[15]};
                try {
                    return isPublic(InetAddress.getByAddress(v4));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            if ((bytes[0] & 0xFF) == 0x20 && bytes[1] == 0x02) { // 2002::/16 6to4: the IPv4 address in bytes 2-5
                byte[] v4 = {bytes[2], bytes[3], bytes[4], bytes[5]};
                try {
                    return isPublic(InetAddress.getByAddress(v4));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            if ((bytes[0] & 0xFF) == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0) {
                return false;                               // 2001::/32 Teredo: tunnels to any IPv4 address
            }
            return true;
        }
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xFF;
            int second = bytes[1] & 0xFF;
            if (first == 0) {                                   // 0.0.0.0/8
                return false;
            }
            if (first == 100 && second >= 64 && second <= 127) { // 100.64.0.0/10 carrier-grade NAT
                return false;
            }
            if (first == 192 && second == 0 && (bytes[2] & 0xFF) == 0) { // 192.0.0.0/24 protocol assignments
                return false;
            }
            if (first == 198 && (second == 18 || second == 19)) {       // 198.18.0.0/15 benchmarking
                return false;
            }
            return first < 240;                                 // 240.0.0.0/4 reserved, broadcast
        }
        return false;
    }

    /**
     * Forms that carry an IPv4 address in their last four bytes and reach it: NAT64 (64:ff9b::/96 and the local-use
     * 64:ff9b:1::/48) and the deprecated IPv4-compatible ::/96 (other than :: and ::1, refused above).
     */
    private static boolean isIpv4Translated(byte[] bytes) {
        boolean nat64 = (bytes[0] & 0xFF) == 0x00 && (bytes[1] & 0xFF) == 0x64 && (bytes[2] & 0xFF) == 0xFF
                && (bytes[3] & 0xFF) == 0x9B;
        boolean wellKnown = true;
        for (int i = 4; i < 12; i++) {
            wellKnown &= bytes[i] == 0;
        }
        boolean localUse = nat64 && bytes[4] == 0 && bytes[5] == 1;
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= bytes[i] == 0;
        }
        return nat64 && (wellKnown || localUse) || compatible;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF;
    }
}
