export { formatHostPort, type HostPort, type HostPortParse, parseHostPort, portMax } from "./host-port.js";
