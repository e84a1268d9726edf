/**
 * Who is asking, for the per-user rate limit of the web chat: the client's IP address. A cookie
 * would be easier to share fairly behind one office NAT, but any script can drop or forge it,
 * which makes a limit keyed on it no limit at all; the address is the one thing an anonymous
 * client cannot choose freely. IPv6 clients usually hold a whole /64, so they are keyed on it.
 */
import { isIPv6 } from "node:net";

export function clientKey(ip: string): string {
  if (ip.startsWith("::ffff:") && ip.includes(".")) return ip.slice("::ffff:".length);
  if (!isIPv6(ip)) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
    : left;
  const prefix = groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(":");
  return `${prefix}::/64`;
}
